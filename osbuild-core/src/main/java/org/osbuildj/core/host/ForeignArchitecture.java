package org.osbuildj.core.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A processor architecture whose programs a tree may hold, as Debian names it ({@code arm64}), with
 * what runs those programs on a host of another: QEMU's user-mode emulator ({@code qemu-aarch64},
 * from Debian's {@code qemu-user-static}) registered with the kernel's binfmt_misc.
 *
 * <pre>{@code
 * ForeignArchitecture arm64 = ForeignArchitecture.of("arm64").orElseThrow();
 * if (arm64.isForeignHere()) { ... register arm64.binfmtName() ... }
 * }</pre>
 *
 * @param debianName dpkg's name for it: {@code arm64}, {@code armhf}, {@code riscv64}
 * @param qemuName QEMU's: {@code aarch64}, {@code arm}, {@code riscv64}
 * @param elfMachine the {@code e_machine} of its ELF programs
 * @param sixtyFourBit whether its ELF programs are ELFCLASS64
 */
public record ForeignArchitecture(
    String debianName, String qemuName, int elfMachine, boolean sixtyFourBit) {

  /** Debian's architectures whose programs QEMU's user-mode emulators run. */
  private static final Map<String, ForeignArchitecture> KNOWN =
      Map.of(
          "amd64", new ForeignArchitecture("amd64", "x86_64", 0x3E, true),
          "i386", new ForeignArchitecture("i386", "i386", 0x03, false),
          "arm64", new ForeignArchitecture("arm64", "aarch64", 0xB7, true),
          "armhf", new ForeignArchitecture("armhf", "arm", 0x28, false),
          "armel", new ForeignArchitecture("armel", "arm", 0x28, false),
          "riscv64", new ForeignArchitecture("riscv64", "riscv64", 0xF3, true),
          "ppc64el", new ForeignArchitecture("ppc64el", "ppc64le", 0x15, true),
          "s390x", new ForeignArchitecture("s390x", "s390x", 0x16, true),
          "mips64el", new ForeignArchitecture("mips64el", "mips64el", 0x08, true));

  /** Where qemu-user-static describes each emulator for binfmt_misc (update-binfmts' format). */
  public static final Path BINFMTS = Path.of("/usr/share/binfmts");

  public ForeignArchitecture {
    Objects.requireNonNull(debianName, "debianName");
    Objects.requireNonNull(qemuName, "qemuName");
  }

  /** The architecture of this Debian name, when QEMU can run its programs. */
  public static Optional<ForeignArchitecture> of(String debianName) {
    return Optional.ofNullable(KNOWN.get(debianName));
  }

  /** The architecture whose programs this JVM's host runs natively. */
  public static Optional<ForeignArchitecture> host() {
    return fromJavaName(System.getProperty("os.arch", ""));
  }

  /** The architecture of a JVM's {@code os.arch} ({@code amd64}, {@code aarch64}, ...). */
  static Optional<ForeignArchitecture> fromJavaName(String osArch) {
    String name =
        switch (osArch.toLowerCase(Locale.ROOT)) {
          case "amd64", "x86_64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          case "x86", "i386", "i686" -> "i386";
          case "arm" -> "armhf";
          case "ppc64le" -> "ppc64el";
          default -> osArch;
        };
    return of(name);
  }

  /**
   * The architecture of an ELF program from its first bytes (at least 20): its class and {@code
   * e_machine}; empty when it is no ELF file or of an architecture not listed. armhf is named for
   * 32-bit ARM.
   */
  public static Optional<ForeignArchitecture> ofElfHeader(byte[] header) {
    if (header.length < 20
        || header[0] != 0x7F
        || header[1] != 'E'
        || header[2] != 'L'
        || header[3] != 'F') {
      return Optional.empty();
    }
    boolean sixtyFour = header[4] == 2;
    boolean littleEndian = header[5] == 1;
    int machine =
        littleEndian
            ? (header[18] & 0xFF) | (header[19] & 0xFF) << 8
            : (header[19] & 0xFF) | (header[18] & 0xFF) << 8;
    for (String name :
        List.of("amd64", "i386", "arm64", "armhf", "riscv64", "ppc64el", "s390x", "mips64el")) {
      ForeignArchitecture arch = KNOWN.get(name);
      if (arch.elfMachine == machine && arch.sixtyFourBit == sixtyFour) return Optional.of(arch);
    }
    return Optional.empty();
  }

  /** The architecture of the ELF program at {@code file}; empty when it is none. */
  public static Optional<ForeignArchitecture> ofProgram(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return ofElfHeader(in.readNBytes(20));
    }
  }

  /**
   * Whether this host cannot run the architecture's programs by itself: every architecture but its
   * own (and i386 on amd64, which x86-64 kernels run natively).
   */
  public boolean isForeignHere() {
    Optional<ForeignArchitecture> host = host();
    if (host.isEmpty()) return true;
    if (host.get().equals(this)) return false;
    return !(host.get().debianName.equals("amd64") && debianName.equals("i386"));
  }

  /** The binfmt_misc entry name qemu-user-static registers: {@code qemu-aarch64}. */
  public String binfmtName() {
    return "qemu-" + qemuName;
  }

  /** qemu-user-static's description of the emulator: {@code /usr/share/binfmts/qemu-aarch64}. */
  public Path binfmtDescription() {
    return BINFMTS.resolve(binfmtName());
  }

  /** What the host needs to run this architecture's programs: qemu-user-static's emulator. */
  public List<HostTool> requiredTools() {
    return List.of(
        HostTool.of("qemu-" + qemuName + "-static", "qemu-user-static"),
        HostTool.of(binfmtDescription().toString(), "qemu-user-static"));
  }
}
