package org.osbuildj.core.tree;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Splitting and checking the path strings a {@link Tree} accepts. */
final class TreePaths {
  private TreePaths() {}

  /** Refuses paths no caller can mean: empty ones, and ones holding NUL (which C cuts short). */
  static String check(String path) {
    if (path == null) {
      throw new IllegalArgumentException("a path in a tree must not be null");
    }
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a path in a tree must not be empty");
    }
    if (path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "path '" + path.replace("\0", "\\0") + "' contains a NUL character");
    }
    return path;
  }

  /** The names in a path given by a caller, "." and empty names dropped, ".." kept. */
  static List<String> components(String path) {
    return linkComponents(check(path));
  }

  /**
   * The names in a symbolic link's target, "." dropped, each a Path of its own so that its bytes
   * are kept as they are.
   */
  static List<Path> linkComponents(Path target) {
    List<Path> names = new ArrayList<>();
    for (Path name : target) {
      if (!name.toString().equals(".")) {
        names.add(name);
      }
    }
    return names;
  }

  /** The names in a symbolic link's target (never empty nor holding NUL: the kernel forbids it). */
  static List<String> linkComponents(String target) {
    List<String> names = new ArrayList<>();
    for (String name : target.split("/")) {
      if (!name.isEmpty() && !name.equals(".")) {
        names.add(name);
      }
    }
    return names;
  }

  /** Whether the path ends in a way that only a directory can satisfy: "/", "/." or ".". */
  static boolean namesADirectory(String path) {
    return path.endsWith("/") || path.endsWith("/.") || path.equals(".");
  }

  static int checkMode(int mode) {
    if (mode < 0 || mode > 07777) {
      throw new IllegalArgumentException(
          "mode 0" + Integer.toOctalString(mode) + " is not a file mode (0 to 07777)");
    }
    return mode;
  }
}
