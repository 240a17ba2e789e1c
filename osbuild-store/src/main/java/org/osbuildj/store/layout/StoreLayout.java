package org.osbuildj.store.layout;

import java.nio.file.Path;

/** Where everything lives inside a store directory; see STORE.md for the picture. */
public record StoreLayout(Path root) {
  public StoreLayout {
    root = root.toAbsolutePath().normalize();
  }

  public Path formatFile() {
    return root.resolve("format");
  }

  /** Taken exclusively while the store is created and while it is pruned. */
  public Path storeLock() {
    return root.resolve("lock");
  }

  public Path objects() {
    return root.resolve("objects");
  }

  public Path object(String id) {
    return objects().resolve(id);
  }

  /** Per-object lock files: shared by readers, exclusive by eviction. */
  public Path locks() {
    return root.resolve("locks");
  }

  public Path objectLock(String id) {
    return locks().resolve(id + ".lock");
  }

  /** A named cache's lock: shared by a build that uses the cache, exclusive by eviction. */
  public Path cacheLock(String name) {
    return locks().resolve("cache." + name + ".lock");
  }

  /** The source files' lock: shared by a build that uses them, exclusive by eviction. */
  public Path sourcesLock() {
    return locks().resolve("sources.lock");
  }

  /** The steps' logs, {@code logs/ID.log}, as the launcher writes them. */
  public Path logs() {
    return root.resolve("logs");
  }

  public Path sources() {
    return root.resolve("sources");
  }

  /** Named caches stages share across builds (apt's packages and lists), by name. */
  public Path caches() {
    return root().resolve("caches");
  }

  public Path tmp() {
    return root.resolve("tmp");
  }

  /** An empty directory: the bottom layer of an overlay workspace that starts from nothing. */
  public Path emptyLayer() {
    return root.resolve("empty");
  }
}
