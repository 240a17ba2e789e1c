package org.osbuildj.core.host;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A format to register with binfmt_misc, read from the description qemu-user-static installs for
 * update-binfmts ({@code /usr/share/binfmts/qemu-aarch64}), and written as the kernel's register
 * line {@code :name:M:offset:magic:mask:interpreter:flags}. The {@code F} flag is always set: the
 * kernel then opens the interpreter at registration, so programs of the format run inside the
 * sandbox and chroots of trees that do not hold the interpreter.
 *
 * @param name the entry's name, such as {@code qemu-aarch64}
 * @param magic the bytes to match, in the description's {@code \x7f\x45} form
 * @param mask which bits of them count, in the same form (empty: all)
 * @param offset where the magic starts in the file
 * @param interpreter the absolute path of the emulator
 * @param flags the flag letters, {@code F} included
 */
public record BinfmtFormat(
    String name, String magic, String mask, int offset, String interpreter, String flags) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.+-]{1,64}");
  private static final Pattern ESCAPED_BYTES = Pattern.compile("(\\\\x[0-9a-fA-F]{2})*");

  public BinfmtFormat {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(interpreter, "interpreter");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a binfmt_misc entry name: " + name);
    }
    // The register line is split at ':' and must not hold a line break.
    if (!ESCAPED_BYTES.matcher(magic).matches() || magic.isEmpty()) {
      throw new IllegalArgumentException(name + ": magic must be \\xNN bytes, got " + magic);
    }
    if (!ESCAPED_BYTES.matcher(mask).matches()) {
      throw new IllegalArgumentException(name + ": mask must be \\xNN bytes, got " + mask);
    }
    if (!interpreter.startsWith("/") || interpreter.matches("(?s).*[:\\s].*")) {
      throw new IllegalArgumentException(
          name
              + ": the interpreter must be an absolute path without ':' or spaces: "
              + interpreter);
    }
    if (offset < 0 || offset > 127) {
      throw new IllegalArgumentException(name + ": offset out of range: " + offset);
    }
  }

  /**
   * Reads update-binfmts' description ({@code package}, {@code interpreter}, {@code magic}, {@code
   * mask}, {@code offset}, {@code credentials}, {@code preserve}, ...): {@code preserve yes} gives
   * {@code P}, {@code credentials yes} gives {@code C}, and {@code F} is always set.
   *
   * @throws IllegalArgumentException when it lacks the interpreter or magic, or they are malformed
   */
  public static BinfmtFormat fromDescription(String name, String description) {
    Map<String, String> fields = new HashMap<>();
    for (String line : description.split("\n")) {
      String trimmed = line.strip();
      int space = trimmed.indexOf(' ');
      if (trimmed.isEmpty() || space < 0) continue;
      fields.put(trimmed.substring(0, space), trimmed.substring(space + 1).strip());
    }
    String interpreter = fields.get("interpreter");
    String magic = fields.get("magic");
    if (interpreter == null || magic == null) {
      throw new IllegalArgumentException(
          name + ": the binfmt description names no interpreter or magic");
    }
    StringBuilder flags = new StringBuilder();
    if ("yes".equals(fields.get("preserve"))) flags.append('P');
    if ("yes".equals(fields.get("credentials"))) flags.append('C');
    flags.append('F');
    int offset;
    try {
      offset = Integer.parseInt(fields.getOrDefault("offset", "0"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": offset is no number: " + fields.get("offset"));
    }
    return new BinfmtFormat(
        name, magic, fields.getOrDefault("mask", ""), offset, interpreter, flags.toString());
  }

  /** What to write to binfmt_misc's {@code register} file. */
  public String registerLine() {
    return ":"
        + name
        + ":M:"
        + (offset == 0 ? "" : Integer.toString(offset))
        + ":"
        + magic
        + ":"
        + mask
        + ":"
        + interpreter
        + ":"
        + flags;
  }
}
