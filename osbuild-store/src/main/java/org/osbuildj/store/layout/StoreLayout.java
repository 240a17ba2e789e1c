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
