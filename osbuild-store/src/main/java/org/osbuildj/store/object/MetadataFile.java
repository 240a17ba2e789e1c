package org.osbuildj.store.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.store.StoreException;
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

  public static StoredObject read(Path objectDir) throws IOException {
    Path file = objectDir.resolve(NAME);
    JsonNode node = Json.mapper().readTree(Files.readString(file));
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
      throw new StoreException("corrupt object metadata " + file + ": " + e.getMessage(), e);
    }
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
