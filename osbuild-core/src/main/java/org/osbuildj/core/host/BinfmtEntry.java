package org.osbuildj.core.host;

import java.util.Optional;

/**
 * One registered binfmt_misc format, as the kernel shows it in {@code
 * /proc/sys/fs/binfmt_misc/<name>}:
 *
 * <pre>
 * enabled
 * interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
 * flags: PF
 * offset 0
 * magic 7f454c460201010000000000000000000200b700
 * mask ffffffffffffff00fffffffffffffffffeffffff
 * </pre>
 *
 * @param enabled whether the kernel uses it
 * @param interpreter the program that runs matching files
 * @param flags the flag letters ({@code F}: the interpreter was opened when registered, so it runs
 *     in chroots and sandboxes that do not have it)
 */
public record BinfmtEntry(boolean enabled, String interpreter, String flags) {

  /** Parses the kernel's text; empty when it is not an entry's. */
  public static Optional<BinfmtEntry> parse(String text) {
    Boolean enabled = null;
    String interpreter = null;
    String flags = "";
    for (String line : text.split("\n", -1)) {
      if (line.equals("enabled")) {
        enabled = true;
      } else if (line.equals("disabled")) {
        enabled = false;
      } else if (line.startsWith("interpreter ")) {
        interpreter = line.substring("interpreter ".length());
      } else if (line.startsWith("flags:")) {
        flags = line.substring("flags:".length()).trim();
      }
    }
    if (enabled == null || interpreter == null) return Optional.empty();
    return Optional.of(new BinfmtEntry(enabled, interpreter, flags));
  }

  /** Whether the interpreter is opened once, at registration: {@code F}. */
  public boolean fixBinary() {
    return flags.indexOf('F') >= 0;
  }

  /**
   * Whether programs of the format run inside a sandbox or chroot that lacks the interpreter:
   * enabled, with {@code F}.
   */
  public boolean usableInSandboxes() {
    return enabled && fixBinary();
  }
}
