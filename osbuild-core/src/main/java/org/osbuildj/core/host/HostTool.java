package org.osbuildj.core.host;

import java.util.Objects;

/**
 * A program (or file) a step needs in its build root, and the Debian package that provides it, so a
 * missing tool is named with what to install before anything runs.
 *
 * @param program a command name looked up in PATH ({@code mkfs.ext4}), or an absolute path to a
 *     file ({@code /usr/lib/grub/i386-pc/boot.img})
 * @param debianPackage the package that provides it
 */
public record HostTool(String program, String debianPackage) {
  public HostTool {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(debianPackage, "debianPackage");
  }

  public static HostTool of(String program, String debianPackage) {
    return new HostTool(program, debianPackage);
  }
}
