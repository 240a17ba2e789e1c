package org.osbuildj.core.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.json.PythonJson;

/** JSON values held by the format-2 model: copied in and out, compared as osbuild hashes them. */
final class JsonValues {
  private JsonValues() {}

  /** A private copy of an object; an empty object for null. */
  static ObjectNode copy(ObjectNode json) {
    return json == null ? Json.object() : json.deepCopy();
  }

  /**
   * Equal as osbuild sees them: the same text from {@code json.dumps(sort_keys=True)}, so an int
   * node and a long node of one value are equal, and 1 and 1.0 are not (their ids differ).
   */
  static boolean same(JsonNode a, JsonNode b) {
    if (a == null || b == null) return a == b;
    return PythonJson.write(a).equals(PythonJson.write(b));
  }

  static int hash(JsonNode node) {
    return node == null ? 0 : PythonJson.write(node).hashCode();
  }

  static String require(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty()) throw new IllegalArgumentException(what + " must not be empty");
    return value;
  }
}
