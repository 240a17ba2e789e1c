package org.osbuildj.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON in the canonical form that ids are computed from (RFC 8785 style): object keys sorted
 * by their UTF-16 code units, no insignificant whitespace, strings with the minimal escaping, and
 * numbers in their shortest form without a trailing ".0".
 *
 * <p>Two JSON values that mean the same thing give the same canonical text, so the same stage
 * written by hand, by the fluent builder or read from a manifest gets the same id.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  public static String write(JsonNode node) {
    StringBuilder out = new StringBuilder();
    append(node, out);
    return out.toString();
  }

  private static void append(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> appendObject(node, out);
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) out.append(',');
          append(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> appendString(node.textValue(), out);
      case NUMBER -> out.append(number(node));
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL -> out.append("null");
      default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  private static void appendObject(JsonNode node, StringBuilder out) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      fields.add(it.next());
    }
    // String.compareTo compares UTF-16 code units, which is exactly RFC 8785's order.
    fields.sort(Map.Entry.comparingByKey());
    out.append('{');
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) out.append(',');
      appendString(fields.get(i).getKey(), out);
      out.append(':');
      append(fields.get(i).getValue(), out);
    }
    out.append('}');
  }

  private static String number(JsonNode node) {
    // An integer is written by its value as a decimal is, so that 1e21 written either way is one
    // text; below 1e21 that is its plain digits.
    BigDecimal value =
        node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
    if (value.signum() == 0) {
      return "0";
    }
    // ECMAScript's Number-to-String, which RFC 8785 adopts: value = digits * 10^(n - k).
    BigDecimal stripped = value.stripTrailingZeros();
    String digits = stripped.unscaledValue().abs().toString();
    int k = digits.length();
    int n = k - stripped.scale();
    String sign = stripped.signum() < 0 ? "-" : "";
    if (k <= n && n <= 21) {
      return sign + digits + "0".repeat(n - k);
    }
    if (0 < n && n <= 21) {
      return sign + digits.substring(0, n) + "." + digits.substring(n);
    }
    if (-6 < n && n <= 0) {
      return sign + "0." + "0".repeat(-n) + digits;
    }
    int exponent = n - 1;
    String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mantissa + "e" + (exponent >= 0 ? "+" : "-") + Math.abs(exponent);
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
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
