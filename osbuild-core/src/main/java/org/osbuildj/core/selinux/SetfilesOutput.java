package org.osbuildj.core.selinux;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.osbuildj.core.isolation.FileLabel;

/**
 * Reads what {@code setfiles -n -v} prints on standard output: one line per entry whose label would
 * change, {@code Would relabel PATH from OLD to NEW}, where PATH is the entry's path as the command
 * saw it (the tree's path, then the names), OLD its present label ({@code (null)} when it has none)
 * and NEW the label the policy gives it (libselinux 3.4, Debian 12).
 *
 * <p>A context holds no space, so NEW is what follows the last {@code " to "} and OLD what follows
 * the last {@code " from "} before it; PATH, between them and the prefix, may hold any byte but a
 * line break (names with line breaks are refused before {@code setfiles} runs) and need not be
 * text.
 */
final class SetfilesOutput {
  private static final byte[] PREFIX = "Would relabel ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FROM = " from ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TO = " to ".getBytes(StandardCharsets.US_ASCII);

  private SetfilesOutput() {}

  /**
   * The labels to set, in the order {@code setfiles} printed them (each directory before what it
   * holds), their paths relative to {@code treeInRoot}.
   *
   * @throws IllegalArgumentException naming the line, if a line is not of that form, names a path
   *     outside the tree, gives no valid context, or names an entry twice
   */
  static List<FileLabel> parse(byte[] output, String treeInRoot) {
    byte[] tree = treeInRoot.getBytes(StandardCharsets.UTF_8);
    List<FileLabel> labels = new ArrayList<>();
    Set<ByteBuffer> seen = new HashSet<>();
    int start = 0;
    int number = 0;
    while (start < output.length) {
      int end = indexOf(output, (byte) '\n', start);
      number++;
      if (end < 0) {
        throw bad(number, Arrays.copyOfRange(output, start, output.length), "it has no line end");
      }
      byte[] line = Arrays.copyOfRange(output, start, end);
      FileLabel label = parseLine(line, tree, number);
      if (!seen.add(ByteBuffer.wrap(label.path()))) {
        throw bad(number, line, "it names an entry a second time");
      }
      labels.add(label);
      start = end + 1;
    }
    return labels;
  }

  private static FileLabel parseLine(byte[] line, byte[] tree, int number) {
    if (!startsWith(line, PREFIX, 0)) {
      throw bad(number, line, "it does not start with \"Would relabel \"");
    }
    int to = lastIndexOf(line, TO, line.length);
    int from = to < 0 ? -1 : lastIndexOf(line, FROM, to);
    if (from < PREFIX.length) {
      throw bad(number, line, "it is not \"Would relabel PATH from OLD to NEW\"");
    }
    String context =
        new String(line, to + TO.length, line.length - to - TO.length, StandardCharsets.ISO_8859_1);
    byte[] path = Arrays.copyOfRange(line, PREFIX.length, from);
    byte[] relative;
    if (Arrays.equals(path, tree)) {
      relative = new byte[0];
    } else if (path.length > tree.length + 1
        && startsWith(path, tree, 0)
        && path[tree.length] == '/') {
      relative = Arrays.copyOfRange(path, tree.length + 1, path.length);
    } else {
      throw bad(number, line, "its path is not in the tree " + treeInText(tree));
    }
    try {
      return new FileLabel(relative, context);
    } catch (IllegalArgumentException e) {
      throw bad(number, line, e.getMessage());
    }
  }

  private static String treeInText(byte[] tree) {
    return new String(tree, StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException bad(int number, byte[] line, String why) {
    String shown = FileLabel.display(line).substring(1);
    if (shown.length() > 300) shown = shown.substring(0, 300) + "...";
    return new IllegalArgumentException(
        "setfiles printed a line this stage cannot read (line "
            + number
            + ", "
            + why
            + "): "
            + shown);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix, int at) {
    if (at + prefix.length > bytes.length) return false;
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[at + i] != prefix[i]) return false;
    }
    return true;
  }

  private static int indexOf(byte[] bytes, byte wanted, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == wanted) return i;
    }
    return -1;
  }

  /** The last start of {@code wanted} that ends at or before {@code end}, or -1. */
  private static int lastIndexOf(byte[] bytes, byte[] wanted, int end) {
    for (int i = end - wanted.length; i >= 0; i--) {
      if (startsWith(bytes, wanted, i)) return i;
    }
    return -1;
  }
}
