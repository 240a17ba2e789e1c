package org.osbuildj.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a JSON value byte for byte as Python's {@code json.dumps(value, sort_keys=True)} does with
 * its defaults, which is what osbuild hashes into the ids of format-2 manifests: separators {@code
 * ", "} and {@code ": "}, keys sorted by code point, every character outside printable ASCII
 * escaped as {@code \}{@code uXXXX} (lower-case hex, a surrogate pair for one beyond U+FFFF),
 * integers by their value, floats as Python's {@code repr} writes them (the shortest digits that
 * read back to the same double: {@code 1.0}, {@code 1e+16}, {@code 1e-05}), {@code Infinity} and
 * {@code NaN} as Python writes them.
 *
 * <pre>{@code
 * PythonJson.write(options)   // {"hostname": "demo", "size": 1.5}
 * }</pre>
 */
public final class PythonJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private PythonJson() {}

  /** {@code json.dumps(node, sort_keys=True)}. */
  public static String write(JsonNode node) {
    StringBuilder out = new StringBuilder();
    append(node, true, out);
    return out.toString();
  }

  /** {@code json.dumps(node)}, keys in their order: what osbuild hashes a list of ids with. */
  public static String writeUnsorted(JsonNode node) {
    StringBuilder out = new StringBuilder();
    append(node, false, out);
    return out.toString();
  }

  /** {@code json.dumps(text)}: a string. */
  public static String string(String text) {
    StringBuilder out = new StringBuilder();
    appendString(text, out);
    return out.toString();
  }

  private static void append(JsonNode node, boolean sort, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> appendObject(node, sort, out);
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) out.append(", ");
          append(node.get(i), sort, out);
        }
        out.append(']');
      }
      case STRING -> appendString(node.textValue(), out);
      case NUMBER -> out.append(number(node));
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  private static void appendObject(JsonNode node, boolean sort, StringBuilder out) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      fields.add(it.next());
    }
    // Python orders str keys by code point; UTF-16 order differs only past U+FFFF against
    // U+E000..U+FFFF, so compare code points.
    if (sort) fields.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
    out.append('{');
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) out.append(", ");
      appendString(fields.get(i).getKey(), out);
      out.append(": ");
      append(fields.get(i).getValue(), sort, out);
    }
    out.append('}');
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) return Integer.compare(ca, cb);
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static void appendString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c >= 0x20 && c <= 0x7e) {
            out.append(c);
          } else {
            // A char is one UTF-16 unit: one beyond U+FFFF arrives as its two surrogates, which
            // is exactly the pair Python writes.
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          }
        }
      }
    }
    out.append('"');
  }

  private static String number(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    return floatRepr(node.doubleValue());
  }

  /** Python's {@code repr(float)}: the shortest decimal that reads back to {@code value}. */
  public static String floatRepr(double value) {
    if (Double.isNaN(value)) return "NaN";
    if (Double.isInfinite(value)) return value > 0 ? "Infinity" : "-Infinity";
    if (value == 0) return (1 / value < 0) ? "-0.0" : "0.0";
    BigDecimal shortest = shortest(value);
    String digits = shortest.unscaledValue().abs().toString();
    // value = 0.digits * 10^point
    int point = digits.length() - shortest.scale();
    String sign = value < 0 ? "-" : "";
    if (point > 16 || point < -3) {
      int exponent = point - 1;
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exp = String.valueOf(Math.abs(exponent));
      return sign
          + mantissa
          + "e"
          + (exponent < 0 ? "-" : "+")
          + (exp.length() < 2 ? "0" : "")
          + exp;
    }
    if (point <= 0) {
      return sign + "0." + "0".repeat(-point) + digits;
    }
    if (point >= digits.length()) {
      return sign + digits + "0".repeat(point - digits.length()) + ".0";
    }
    return sign + digits.substring(0, point) + "." + digits.substring(point);
  }

  /**
   * The shortest decimal that reads back to {@code value}, and of those the nearest to it, as
   * Python's repr (David Gay's algorithm) chooses; trailing zeros stripped.
   */
  private static BigDecimal shortest(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (nearest.doubleValue() == value) {
        return nearest.stripTrailingZeros();
      }
      // Beside a power of two the doubles below are twice as close as those above: the nearest
      // candidate may miss while the one on the other side still reads back.
      BigDecimal down = exact.round(new MathContext(precision, RoundingMode.FLOOR));
      BigDecimal up = exact.round(new MathContext(precision, RoundingMode.CEILING));
      boolean downOk = down.doubleValue() == value;
      boolean upOk = up.doubleValue() == value;
      if (downOk && upOk) {
        return (exact.subtract(down).abs().compareTo(up.subtract(exact).abs()) <= 0 ? down : up)
            .stripTrailingZeros();
      }
      if (downOk) return down.stripTrailingZeros();
      if (upOk) return up.stripTrailingZeros();
    }
    return exact.round(MathContext.DECIMAL64).stripTrailingZeros();
  }
}
