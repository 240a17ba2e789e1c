package org.osbuildj.store.evict;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.store.StoreException;
import org.osbuildj.store.fs.DiskUsage;
import org.osbuildj.store.layout.StoreLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a store holds besides its objects, each with its size and last use: the step logs (last
 * written), the named caches (last handed to a build) and the source files (last fetched or
 * verified).
 */
final class Inventory {
  private static final Logger LOG = LoggerFactory.getLogger(Inventory.class);

  /** One log, cache or source file. */
  record Item(Path path, long bytes, Instant lastUsed) {
    String name() {
      return path.getFileName().toString();
    }

    /** For a log {@code ID.log}: the tree it belongs to. */
    Optional<String> treeId() {
      String name = name();
      String id = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
      return Sha256.isHex(id) ? Optional.of(id) : Optional.empty();
    }
  }

  final List<Item> logs;
  final List<Item> caches;
  final List<Item> sources;

  private Inventory(List<Item> logs, List<Item> caches, List<Item> sources) {
    this.logs = logs;
    this.caches = caches;
    this.sources = sources;
  }

  static Inventory scan(StoreLayout layout) throws IOException {
    return new Inventory(
        files(layout.logs()),
        directories(layout.caches()),
        files(layout.sources().resolve("sha256")));
  }

  long bytes() {
    return sum(logs) + sum(caches) + sum(sources);
  }

  static long sum(List<Item> items) {
    return items.stream().mapToLong(Item::bytes).sum();
  }

  private static List<Item> files(Path dir) throws IOException {
    List<Item> items = new ArrayList<>();
    for (Path path : children(dir)) {
      try {
        BasicFileAttributes attributes =
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isRegularFile()) {
          items.add(new Item(path, attributes.size(), attributes.lastModifiedTime().toInstant()));
        }
      } catch (NoSuchFileException e) {
        // removed meanwhile
      }
    }
    return items;
  }

  private static List<Item> directories(Path dir) throws IOException {
    List<Item> items = new ArrayList<>();
    for (Path path : children(dir)) {
      try {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          Instant used = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant();
          items.add(new Item(path, DiskUsage.bytes(path), used));
        }
      } catch (NoSuchFileException e) {
        // removed meanwhile
      } catch (StoreException e) {
        LOG.warn("store: cannot measure {}: {}", path, e.getMessage());
      }
    }
    return items;
  }

  private static List<Path> children(Path dir) throws IOException {
    List<Path> children = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return children;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(children::add);
    }
    return children;
  }
}
