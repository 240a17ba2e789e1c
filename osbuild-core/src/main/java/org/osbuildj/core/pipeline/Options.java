package org.osbuildj.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.osbuildj.core.json.CanonicalJson;
import org.osbuildj.core.json.Json;

/**
 * The JSON options of a stage or assembler, as an immutable value. Two options objects are equal
 * when their canonical JSON is equal, whatever the order of their keys.
 */
public final class Options {
  private static final Options EMPTY = new Options(Json.object());

  private final ObjectNode json;
  private final String canonical;

  private Options(ObjectNode json) {
    this.json = json;
    this.canonical = CanonicalJson.write(json);
  }

  public static Options empty() {
    return EMPTY;
  }

  /**
   * Options from a JSON object; the object is copied, so later changes to it do not leak in. A
   * number written with a fraction or an exponent that is a whole number ({@code 4095.0}, {@code
   * 1e3}) becomes that integer, which schemas then compare and stages read by its value: the
   * canonical text, and so the id, is the same either way.
   */
  public static Options of(ObjectNode json) {
    Objects.requireNonNull(json, "json");
    return json.isEmpty() ? EMPTY : new Options((ObjectNode) NumberValues.integral(json));
  }

  /** A fresh, mutable copy of the options. */
  public ObjectNode json() {
    return json.deepCopy();
  }

  public boolean isEmpty() {
    return json.isEmpty();
  }

  public boolean has(String field) {
    return json.has(field) && !json.get(field).isNull();
  }

  /** A copy of one field's value. */
  public Optional<JsonNode> get(String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.deepCopy());
  }

  /** A string field, which the stage's schema has already required to be a string. */
  public String string(String field) {
    return optionalString(field)
        .orElseThrow(() -> new IllegalStateException("option '" + field + "' is missing"));
  }

  public Optional<String> optionalString(String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  public String string(String field, String defaultValue) {
    return optionalString(field).orElse(defaultValue);
  }

  public boolean bool(String field, boolean defaultValue) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? defaultValue : value.asBoolean();
  }

  public long number(String field, long defaultValue) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? defaultValue : value.asLong();
  }

  /** A list of strings; empty when the field is absent. */
  public List<String> strings(String field) {
    List<String> result = new ArrayList<>();
    JsonNode value = json.get(field);
    if (value != null && value.isArray()) {
      value.forEach(item -> result.add(item.asText()));
    }
    return List.copyOf(result);
  }

  /** The canonical JSON text, the form ids are computed from. */
  public String canonical() {
    return canonical;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Options other && canonical.equals(other.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  @Override
  public String toString() {
    return canonical;
  }
}
