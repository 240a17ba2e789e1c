package org.osbuildj.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading binfmt_misc's entries and writing its register line, and architectures of programs. */
class BinfmtTest {
  /** qemu-user-static 7.2's /usr/share/binfmts/qemu-aarch64, as Debian 12 installs it. */
  static final String QEMU_AARCH64 =
      "package qemu-user-static\n"
          + "interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\n"
          + "magic \\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00\n"
          + "offset 0\n"
          + "mask \\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff\n"
          + "credentials no\n"
          + "fix_binary yes\n"
          + "preserve yes\n";

  static final String REGISTERED_PF =
      "enabled\n"
          + "interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\n"
          + "flags: PF\n"
          + "offset 0\n"
          + "magic 7f454c460201010000000000000000000200b700\n"
          + "mask ffffffffffffff00fffffffffffffffffeffffff\n";

  @Test
  void anEnabledEntryWithTheFFlagIsUsableInSandboxes() {
    BinfmtEntry entry = BinfmtEntry.parse(REGISTERED_PF).orElseThrow();

    assertThat(entry)
        .isEqualTo(new BinfmtEntry(true, "/usr/libexec/qemu-binfmt/aarch64-binfmt-P", "PF"));
    assertThat(entry.usableInSandboxes()).isTrue();
  }

  @Test
  void anEntryWithoutTheFFlagOrDisabledIsNotUsableInSandboxes() {
    BinfmtEntry withoutF =
        BinfmtEntry.parse(REGISTERED_PF.replace("flags: PF", "flags: OC")).orElseThrow();
    BinfmtEntry disabled =
        BinfmtEntry.parse(REGISTERED_PF.replace("enabled", "disabled")).orElseThrow();
    BinfmtEntry noFlags =
        BinfmtEntry.parse(REGISTERED_PF.replace("flags: PF", "flags: ")).orElseThrow();

    assertThat(withoutF.fixBinary()).isFalse();
    assertThat(withoutF.usableInSandboxes()).isFalse();
    assertThat(disabled.enabled()).isFalse();
    assertThat(disabled.usableInSandboxes()).isFalse();
    assertThat(noFlags.flags()).isEmpty();
  }

  @Test
  void whatIsNoEntryIsNotParsed() {
    assertThat(BinfmtEntry.parse("")).isEmpty();
    assertThat(BinfmtEntry.parse("enabled\n")).isEmpty();
    assertThat(BinfmtEntry.parse("interpreter /x\nflags: F\n")).isEmpty();
  }

  @Test
  void theRegisterLineComesFromQemuUserStaticsDescriptionWithTheFFlag() {
    BinfmtFormat format = BinfmtFormat.fromDescription("qemu-aarch64", QEMU_AARCH64);

    assertThat(format.registerLine())
        .isEqualTo(
            ":qemu-aarch64:M::"
                + "\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00:"
                + "\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:"
                + "/usr/libexec/qemu-binfmt/aarch64-binfmt-P:PF");
  }

  @Test
  void theFFlagIsSetEvenWhenTheDescriptionDoesNotAskForItAndCredentialsGiveC() {
    String description =
        QEMU_AARCH64
            .replace("fix_binary yes", "fix_binary no")
            .replace("preserve yes", "preserve no")
            .replace("credentials no", "credentials yes")
            .replace("offset 0", "offset 2");

    assertThat(BinfmtFormat.fromDescription("qemu-aarch64", description).registerLine())
        .startsWith(":qemu-aarch64:M:2:\\x7f")
        .endsWith(":/usr/libexec/qemu-binfmt/aarch64-binfmt-P:CF");
  }

  @Test
  void aDescriptionThatCouldBreakTheRegisterLineIsRefused() {
    assertThatThrownBy(
            () ->
                BinfmtFormat.fromDescription(
                    "qemu-aarch64", QEMU_AARCH64.replace("aarch64-binfmt-P", "a:b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interpreter");
    assertThatThrownBy(
            () ->
                BinfmtFormat.fromDescription(
                    "qemu-aarch64", QEMU_AARCH64.replace("magic \\x7f", "magic :x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("magic");
    assertThatThrownBy(
            () ->
                BinfmtFormat.fromDescription(
                    "qemu-aarch64", "package qemu-user-static\ninterpreter /x\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no interpreter or magic");
    assertThatThrownBy(() -> BinfmtFormat.fromDescription("../register", QEMU_AARCH64))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theArchitectureOfAProgramIsReadFromItsElfHeader() {
    assertThat(ForeignArchitecture.ofElfHeader(elf(2, 0xB7)).map(ForeignArchitecture::debianName))
        .contains("arm64");
    assertThat(ForeignArchitecture.ofElfHeader(elf(2, 0x3E)).map(ForeignArchitecture::debianName))
        .contains("amd64");
    assertThat(ForeignArchitecture.ofElfHeader(elf(1, 0x28)).map(ForeignArchitecture::debianName))
        .contains("armhf");
    assertThat(ForeignArchitecture.ofElfHeader(elf(1, 0x03)).map(ForeignArchitecture::debianName))
        .contains("i386");
    assertThat(ForeignArchitecture.ofElfHeader("#!/bin/sh\necho not an ELF".getBytes())).isEmpty();
    assertThat(ForeignArchitecture.ofElfHeader(new byte[] {0x7F, 'E', 'L', 'F'})).isEmpty();
  }

  @Test
  void architecturesAreNamedAsDebianAndQemuNameThem() {
    ForeignArchitecture arm64 = ForeignArchitecture.of("arm64").orElseThrow();

    assertThat(arm64.binfmtName()).isEqualTo("qemu-aarch64");
    assertThat(arm64.binfmtDescription()).hasToString("/usr/share/binfmts/qemu-aarch64");
    assertThat(arm64.requiredTools())
        .containsExactly(
            HostTool.of("qemu-aarch64-static", "qemu-user-static"),
            HostTool.of("/usr/share/binfmts/qemu-aarch64", "qemu-user-static"));
    assertThat(ForeignArchitecture.of("sparc")).isEmpty();
    assertThat(ForeignArchitecture.fromJavaName("amd64"))
        .map(ForeignArchitecture::debianName)
        .contains("amd64");
    assertThat(ForeignArchitecture.fromJavaName("aarch64"))
        .map(ForeignArchitecture::debianName)
        .contains("arm64");
  }

  @Test
  void theHostsOwnArchitectureIsNotForeignAndI386IsNotOnAmd64() {
    ForeignArchitecture host = ForeignArchitecture.host().orElseThrow();

    assertThat(host.isForeignHere()).isFalse();
    assertThat(ForeignArchitecture.of("riscv64").orElseThrow().isForeignHere()).isTrue();
    if (host.debianName().equals("amd64")) {
      assertThat(ForeignArchitecture.of("i386").orElseThrow().isForeignHere()).isFalse();
      assertThat(ForeignArchitecture.of("arm64").orElseThrow().isForeignHere()).isTrue();
    }
  }

  /** The first 20 bytes of a little-endian ELF file of this class and machine. */
  private static byte[] elf(int elfClass, int machine) {
    byte[] header = new byte[20];
    header[0] = 0x7F;
    header[1] = 'E';
    header[2] = 'L';
    header[3] = 'F';
    header[4] = (byte) elfClass;
    header[5] = 1;
    header[18] = (byte) machine;
    header[19] = (byte) (machine >> 8);
    return header;
  }
}
