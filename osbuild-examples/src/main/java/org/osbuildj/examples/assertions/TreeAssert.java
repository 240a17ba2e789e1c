package org.osbuildj.examples.assertions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.assertj.core.api.AbstractAssert;
import org.osbuildj.core.tree.Tree;

/**
 * Assertions on a tree. Paths are inside the tree and resolved as the tree's own system would
 * (symlinks are followed inside the tree, never out of it).
 */
public final class TreeAssert extends AbstractAssert<TreeAssert, Path> {
  private final Tree tree;

  TreeAssert(Path actual) {
    super(actual, TreeAssert.class);
    this.tree = Tree.readOnlyAt(actual);
  }

  /** The tree has a regular file at {@code path}; further assertions are about that file. */
  public TreeFileAssert hasFile(String path) {
    isNotNull();
    try {
      if (!tree.isRegularFile(path)) {
        failWithMessage(
            "expected the tree %s to have a file /%s, but it %s",
            actual, path, tree.exists(path) ? "is not a regular file" : "does not exist");
      }
      return new TreeFileAssert(this, tree.resolve(path), path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TreeAssert hasDirectory(String path) {
    isNotNull();
    try {
      if (!tree.isDirectory(path)) {
        failWithMessage("expected the tree %s to have a directory /%s", actual, path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Nothing (not even a dangling symlink) is at {@code path}. */
  public TreeAssert hasNoFile(String path) {
    isNotNull();
    try {
      if (tree.isSymbolicLink(path) || tree.exists(path)) {
        failWithMessage(
            "expected the tree %s to have nothing at /%s, but it has something", actual, path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A symlink at {@code path} whose target is exactly {@code target}. */
  public TreeAssert hasSymlink(String path, String target) {
    isNotNull();
    try {
      if (!tree.isSymbolicLink(path)) {
        failWithMessage("expected /%s in the tree %s to be a symlink", path, actual);
      }
      String found = tree.readSymbolicLink(path);
      if (!found.equals(target)) {
        failWithMessage("expected /%s to point to %s, but it points to %s", path, target, found);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
