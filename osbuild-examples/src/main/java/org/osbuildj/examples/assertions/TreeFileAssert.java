package org.osbuildj.examples.assertions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one file of a tree, reached through {@link TreeAssert#hasFile}. */
public final class TreeFileAssert extends AbstractAssert<TreeFileAssert, Path> {
  private final TreeAssert tree;
  private final String name;

  TreeFileAssert(TreeAssert tree, Path file, String name) {
    super(file, TreeFileAssert.class);
    this.tree = tree;
    this.name = name;
  }

  public TreeFileAssert withContent(String expected) {
    String content = read();
    if (!content.equals(expected)) {
      failWithMessage(
          "expected /%s to contain%n  %s%nbut it contains%n  %s",
          name, quote(expected), quote(content));
    }
    return this;
  }

  public TreeFileAssert containing(String part) {
    String content = read();
    if (!content.contains(part)) {
      failWithMessage(
          "expected /%s to contain %s, but it is%n  %s", name, quote(part), quote(content));
    }
    return this;
  }

  /** The permission bits, such as {@code 0644} or {@code 04755}. */
  public TreeFileAssert withMode(int mode) {
    int found = attribute("unix:mode") & 07777;
    if (found != mode) {
      failWithMessage("expected /%s to have mode %04o, but it has %04o", name, mode, found);
    }
    return this;
  }

  public TreeFileAssert ownedBy(int uid, int gid) {
    int foundUid = attribute("unix:uid");
    int foundGid = attribute("unix:gid");
    if (foundUid != uid || foundGid != gid) {
      failWithMessage(
          "expected /%s to be owned by %d:%d, but it is owned by %d:%d",
          name, uid, gid, foundUid, foundGid);
    }
    return this;
  }

  /** Back to the tree, for assertions on other files. */
  public TreeAssert and() {
    return tree;
  }

  private String read() {
    try {
      return Files.readString(actual, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int attribute(String name) {
    try {
      return (Integer) Files.getAttribute(actual, name, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quote(String text) {
    return "\"" + text.replace("\n", "\\n") + "\"";
  }
}
