package org.osbuildj.store.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.store.StoreException;
import org.osbuildj.store.SnapshotMode;
import org.osbuildj.store.fs.Durability;

/**
 * The {@code format} file: which layout version a store directory has, and whether its objects are
 * copied trees or overlay layers. A store of another version is refused, never guessed at.
 */
public record StoreFormat(int version, SnapshotMode snapshots) {
  /** The only layout this code reads and writes. */
  public static final int CURRENT_VERSION = 1;

  public StoreFormat {
    if (snapshots == SnapshotMode.AUTO) {
      throw new IllegalArgumentException("a store records the mode it was created in, never AUTO");
    }
  }

  public static StoreFormat read(Path file) throws IOException {
    JsonNode node;
    try {
      node = Json.mapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new StoreException(
          "the store's format file " + file + " is unreadable: " + e.getMessage(), e);
    }
    JsonNode version = node.get("version");
    if (version == null || !version.canConvertToInt()) {
      throw new StoreException("the store's format file " + file + " has no version number");
    }
    if (version.asInt() != CURRENT_VERSION) {
      throw new StoreException(
          "the store at "
              + file.getParent()
              + " has format version "
              + version.asInt()
              + ", but this osbuild-java reads version "
              + CURRENT_VERSION
              + " only; use a matching osbuild-java or another store directory");
    }
    String snapshots = node.path("snapshots").asText("");
    try {
      return new StoreFormat(
          version.asInt(), SnapshotMode.valueOf(snapshots.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new StoreException(
          "the store's format file " + file + " names an unknown snapshot mode '" + snapshots + "'",
          e);
    }
  }

  public void write(Path file) throws IOException {
    ObjectNode node = Json.object();
    node.put("version", version);
    node.put("snapshots", snapshots.name().toLowerCase(Locale.ROOT));
    Durability.writeAtomically(file, Json.pretty(node));
  }
}
