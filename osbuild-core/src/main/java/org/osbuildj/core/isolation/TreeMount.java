package org.osbuildj.core.isolation;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How a tree is found on disk, so that an isolation can make it appear inside a sandbox: either a
 * plain directory, or an overlay of stored layers with a writable upper directory on top.
 */
public sealed interface TreeMount {

  /** A plain directory that holds the whole tree. */
  record Directory(Path path) implements TreeMount {
    public Directory {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * An overlayfs view: {@code lowerDirs} from top to bottom, and for a writable tree an upper and
   * work directory on the same filesystem. Mounted only inside a sandbox's private mount namespace.
   */
  record Overlay(List<Path> lowerDirs, Path upperDir, Path workDir) implements TreeMount {
    public Overlay {
      lowerDirs = List.copyOf(lowerDirs);
      if (lowerDirs.isEmpty() && upperDir == null) {
        throw new IllegalArgumentException("an overlay needs at least one layer");
      }
      if ((upperDir == null) != (workDir == null)) {
        throw new IllegalArgumentException("an overlay's upper and work directories go together");
      }
    }

    public boolean writable() {
      return upperDir != null;
    }
  }
}
