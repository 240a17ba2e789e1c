package org.osbuildj.core.assemblers;

import java.io.IOException;
import java.util.Optional;
import org.osbuildj.core.tree.Tree;

/** What a tree says of its own release in os-release(5): its codename, such as bookworm. */
final class TreeRelease {
  private TreeRelease() {}

  /**
   * {@code VERSION_CODENAME} of the tree's etc/os-release (or usr/lib/os-release), if it has one.
   */
  static Optional<String> codename(Tree tree) throws IOException {
    for (String file : new String[] {"etc/os-release", "usr/lib/os-release"}) {
      if (!tree.isRegularFile(file)) continue;
      for (String line : tree.readString(file).split("\n")) {
        if (line.startsWith("VERSION_CODENAME=")) {
          String value = line.substring("VERSION_CODENAME=".length()).strip();
          value = value.replaceAll("^[\"']|[\"']$", "");
          // A suite name goes into an apt sources line: nothing but a plain word is taken.
          if (value.matches("[a-z][a-z0-9-]{0,31}")) return Optional.of(value);
        }
      }
    }
    return Optional.empty();
  }
}
