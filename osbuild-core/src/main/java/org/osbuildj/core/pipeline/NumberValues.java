package org.osbuildj.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON numbers by their value. Jackson reads {@code 4095.0} and {@code 1e3} as decimals, which a
 * schema's {@code "type": "integer"} accepts but its {@code minimum} and {@code maximum} compare
 * through {@code long} (wrapping {@code 1e400} to 0), and which stages would read as text ({@code
 * "1E+3"}); as integers they are compared and read by their value.
 */
public final class NumberValues {
  /** The largest finite double, as a decimal: numbers beyond it are out of range. */
  private static final BigDecimal MAX = new BigDecimal(Double.MAX_VALUE);

  private NumberValues() {}

  /** Whether {@code node} is a number a 64-bit float can hold (not beyond about 1.8e308). */
  public static boolean inRange(JsonNode node) {
    if (node.isDouble() || node.isFloat()) {
      return Double.isFinite(node.doubleValue());
    }
    return !node.isNumber() || node.decimalValue().abs().compareTo(MAX) <= 0;
  }

  /**
   * A deep copy of {@code node} with every whole-numbered decimal that is in range turned into an
   * integer node; other decimals are kept as they are.
   */
  static JsonNode integral(JsonNode node) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (node.isObject()) {
      ObjectNode copy = nodes.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        copy.set(field.getKey(), integral(field.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = nodes.arrayNode(node.size());
      node.forEach(item -> copy.add(integral(item)));
      return copy;
    }
    if (node.isNumber() && !node.isIntegralNumber() && inRange(node)) {
      BigDecimal value = node.decimalValue();
      if (value.signum() == 0) {
        return nodes.numberNode(0);
      }
      if (value.stripTrailingZeros().scale() <= 0) {
        BigInteger whole = value.toBigIntegerExact();
        return whole.bitLength() < 32
            ? nodes.numberNode(whole.intValue())
            : whole.bitLength() < 64
                ? nodes.numberNode(whole.longValue())
                : nodes.numberNode(whole);
      }
    }
    return node.deepCopy();
  }
}
