package org.osbuildj.core.isolation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The SELinux label one entry of a tree should carry (see {@link Sandbox#labelTree}).
 *
 * <p>{@code path} is the entry's path below the tree's root as the bytes the file system holds
 * (file names need not be text): names separated by single {@code '/'}, no leading or trailing
 * {@code '/'}, no {@code .} or {@code ..}, no NUL byte; empty for the root itself. {@code context}
 * is a security context such as {@code system_u:object_r:etc_t:s0}: a user, a role and a type, then
 * optionally an MLS/MCS range, of letters, digits and {@code _ . - : ,}.
 *
 * <pre>{@code
 * new FileLabel("etc/shadow".getBytes(UTF_8), "system_u:object_r:shadow_t:s0")
 * }</pre>
 */
public record FileLabel(byte[] path, String context) {
  /** The longest context accepted, in bytes; real ones are far shorter. */
  public static final int MAX_CONTEXT_LENGTH = 4095;

  private static final Pattern CONTEXT =
      Pattern.compile("[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+(:[A-Za-z0-9_.:,-]+)?");

  /**
   * @throws IllegalArgumentException if the path is not a plain relative path or the context is no
   *     context
   */
  public FileLabel {
    path = path.clone();
    checkPath(path);
    if (context.length() > MAX_CONTEXT_LENGTH || !CONTEXT.matcher(context).matches()) {
      throw new IllegalArgumentException(
          "not an SELinux security context (user:role:type[:range]): \"" + context + "\"");
    }
  }

  /** A label for the entry at {@code path}, given as text. */
  public static FileLabel of(String path, String context) {
    return new FileLabel(path.getBytes(StandardCharsets.UTF_8), context);
  }

  @Override
  public byte[] path() {
    return path.clone();
  }

  /** The path's names, in order; none for the root. */
  public java.util.List<byte[]> names() {
    java.util.List<byte[]> names = new java.util.ArrayList<>();
    if (path.length == 0) return names;
    int start = 0;
    for (int i = 0; i <= path.length; i++) {
      if (i == path.length || path[i] == '/') {
        names.add(Arrays.copyOfRange(path, start, i));
        start = i + 1;
      }
    }
    return names;
  }

  /**
   * The attribute's value as libselinux writes it ({@code setfiles}, {@code lsetfilecon}): the
   * context's bytes and one NUL byte.
   */
  public byte[] attributeValue() {
    byte[] text = context.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(text, text.length + 1);
  }

  /** The path for messages: {@code /} and the path, bytes that are not printable ASCII escaped. */
  public String displayPath() {
    return display(path);
  }

  /** A path's bytes for messages: {@code /}, then printable ASCII as it is, other bytes as \xNN. */
  public static String display(byte[] path) {
    StringBuilder text = new StringBuilder("/");
    for (byte b : path) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        text.append((char) c);
      } else {
        text.append(String.format("\\x%02x", c));
      }
    }
    return text.toString();
  }

  private static void checkPath(byte[] path) {
    if (path.length == 0) return;
    int start = 0;
    for (int i = 0; i <= path.length; i++) {
      if (i < path.length && path[i] == 0) {
        throw new IllegalArgumentException("a path with a NUL byte: " + display(path));
      }
      if (i == path.length || path[i] == '/') {
        int length = i - start;
        boolean dot = length == 1 && path[start] == '.';
        boolean dotDot = length == 2 && path[start] == '.' && path[start + 1] == '.';
        if (length == 0 || dot || dotDot) {
          throw new IllegalArgumentException(
              "not a plain path below the tree's root (empty, . or .. names): " + display(path));
        }
        start = i + 1;
      }
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FileLabel that
        && Arrays.equals(path, that.path)
        && context.equals(that.context);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(path) + context.hashCode();
  }

  @Override
  public String toString() {
    return displayPath() + " " + context;
  }
}
