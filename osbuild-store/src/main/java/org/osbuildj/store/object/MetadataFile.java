package org.osbuildj.store.object;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.osbuildj.core.json.Json;
import org.osbuildj.store.fs.Durability;

/** Reads and writes an object's {@code meta.json} (fields are described in STORE.md). */
public final class MetadataFile {
  public static final String NAME = "meta.json";

  private MetadataFile() {}

  public static void write(Path objectDir, StoredObject object) throws IOException {
    ObjectNode node = Json.object();
    node.put("id", object.id());
    node.put("stage", object.stageName());
    node.put("parent", object.parentId().orElse(null));
    node.put("layer_below", object.layerBelow().orElse(null));
    node.put("created", object.created().toString());
    node.put("size", object.sizeOnDisk());
    node.put("last_used", object.lastUsed().toString());
    Durability.writeAtomically(objectDir.resolve(NAME), Json.pretty(node));
  }

  /**
   * Reads an object's metadata.
   *
   * @throws java.nio.file.NoSuchFileException when there is no {@code meta.json}
   * @throws DamagedMetadataException when it is there but not what the store wrote, with the file
   *     and one line saying what is wrong (never the parser's dump of the input)
   */
  public static StoredObject read(Path objectDir) throws IOException {
    Path file = objectDir.resolve(NAME);
    byte[] bytes = Files.readAllBytes(file);
    if (new String(bytes, StandardCharsets.ISO_8859_1).isBlank()) {
      throw new DamagedMetadataException(file, "is empty", null);
    }
    JsonNode node;
    try {
      node = Json.mapper().readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new DamagedMetadataException(
          file, "is not valid JSON (" + oneLine(e.getOriginalMessage()) + ")", e);
    }
    if (node == null || !node.isObject()) {
      throw new DamagedMetadataException(file, "is not a JSON object", null);
    }
    try {
      return new StoredObject(
          text(node, "id"),
          text(node, "stage"),
          optional(node, "parent"),
          optional(node, "layer_below"),
          Instant.parse(text(node, "created")),
          node.path("size").asLong(),
          Instant.parse(text(node, "last_used")));
    } catch (RuntimeException e) {
      throw new DamagedMetadataException(file, oneLine(e.getMessage()), e);
    }
  }

  private static String oneLine(String message) {
    String text = String.valueOf(message);
    int end = text.indexOf('\n');
    // The parser quotes what it read: garbage must not reach a terminal as control characters.
    return (end < 0 ? text : text.substring(0, end))
        .strip()
        .codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
    }
    return value.asText();
  }

  private static Optional<String> optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }
}
