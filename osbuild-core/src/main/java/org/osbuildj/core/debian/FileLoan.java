package org.osbuildj.core.debian;

import java.io.IOException;
import org.osbuildj.core.tree.Tree;

/**
 * A file put into the tree for the length of a stage and taken back afterwards, leaving what was
 * there before (a file, a symlink, or nothing) exactly as it was.
 */
public final class FileLoan implements AutoCloseable {
  private final Tree tree;
  private final String path;
  private final byte[] previousContent;
  private final String previousLink;

  private FileLoan(Tree tree, String path, byte[] previousContent, String previousLink) {
    this.tree = tree;
    this.path = path;
    this.previousContent = previousContent;
    this.previousLink = previousLink;
  }

  public static FileLoan of(Tree tree, String path, String content, int mode) throws IOException {
    byte[] previous = null;
    String link = null;
    if (tree.isSymbolicLink(path)) {
      link = tree.readSymbolicLink(path);
    } else if (tree.isRegularFile(path)) {
      previous = tree.readBytes(path);
    }
    FileLoan loan = new FileLoan(tree, path, previous, link);
    tree.delete(path);
    String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
    if (!parent.isEmpty()) tree.createDirectories(parent);
    tree.writeString(path, content, mode);
    return loan;
  }

  @Override
  public void close() throws IOException {
    tree.delete(path);
    if (previousLink != null) {
      tree.symlink(path, previousLink);
    } else if (previousContent != null) {
      tree.writeBytes(path, previousContent);
    }
  }
}
