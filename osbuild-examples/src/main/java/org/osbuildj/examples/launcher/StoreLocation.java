package org.osbuildj.examples.launcher;

import java.nio.file.Path;

/**
 * Where the store lives when {@code --store} is not given: {@code /var/cache/osbuild-java} for root
 * (a cache that survives reboots, shared by every build on the machine), and the user's cache
 * directory otherwise.
 */
final class StoreLocation {
  private StoreLocation() {}

  static Path defaultFor(boolean root) {
    if (root) {
      return Path.of("/var/cache/osbuild-java");
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("osbuild-java");
  }
}
