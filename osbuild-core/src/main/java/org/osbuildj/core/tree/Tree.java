package org.osbuildj.core.tree;

import java.nio.file.Path;

/** PLACEHOLDER: the safe tree type; being written. */
public final class Tree {
  private final Path root;
  private final boolean readOnly;

  private Tree(Path root, boolean readOnly) {
    this.root = root;
    this.readOnly = readOnly;
  }

  public static Tree at(Path root) {
    return new Tree(root, false);
  }

  public static Tree readOnlyAt(Path root) {
    return new Tree(root, true);
  }

  public Path root() {
    return root;
  }
}
