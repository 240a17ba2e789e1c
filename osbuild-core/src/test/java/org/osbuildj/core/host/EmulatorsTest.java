package org.osbuildj.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a build does with a binfmt_misc that already has the emulator, in a fake control dir. */
class EmulatorsTest {
  private static final ForeignArchitecture RISCV64 =
      ForeignArchitecture.of("riscv64").orElseThrow();

  @TempDir Path control;
  @TempDir Path descriptions;
  private final List<String> notices = new ArrayList<>();

  @Test
  void anEmulatorRegisteredWithTheFFlagIsUsedAsItIsAndNothingIsChanged() throws Exception {
    Files.writeString(control.resolve("register"), "");
    Files.writeString(
        control.resolve("qemu-riscv64"), BinfmtTest.REGISTERED_PF.replace("aarch64", "riscv64"));

    try (Emulators emulators = Emulators.at(control, descriptions, notices::add)) {
      emulators.ensure(RISCV64, "org.osbuild.apt (id 1234)");
      emulators.ensure(RISCV64, "org.osbuild.users (id 5678)");
    }

    assertThat(notices).isEmpty();
    assertThat(Files.readString(control.resolve("register"))).isEmpty();
    assertThat(Files.readString(control.resolve("qemu-riscv64")))
        .isEqualTo(BinfmtTest.REGISTERED_PF.replace("aarch64", "riscv64"));
  }

  @Test
  void anEmulatorRegisteredWithoutTheFFlagIsReportedNotChanged() throws Exception {
    Files.writeString(control.resolve("register"), "");
    String registered =
        BinfmtTest.REGISTERED_PF.replace("aarch64", "riscv64").replace("flags: PF", "flags: P");
    Files.writeString(control.resolve("qemu-riscv64"), registered);

    try (Emulators emulators = Emulators.at(control, descriptions, notices::add)) {
      assertThatThrownBy(() -> emulators.ensure(RISCV64, "org.osbuild.apt (id 1234)"))
          .isInstanceOf(EmulationUnavailableException.class)
          .hasMessageContaining("org.osbuild.apt (id 1234) runs riscv64 programs")
          .hasMessageContaining("without the F flag (flags: P)")
          .hasMessageContaining("update-binfmts --disable qemu-riscv64");
    }

    assertThat(notices).isEmpty();
    assertThat(Files.readString(control.resolve("qemu-riscv64"))).isEqualTo(registered);
    assertThat(Files.readString(control.resolve("register"))).isEmpty();
  }

  @Test
  void theHostsOwnArchitectureNeedsNothing() throws Exception {
    try (Emulators emulators = Emulators.at(control, descriptions, notices::add)) {
      emulators.ensure(ForeignArchitecture.host().orElseThrow(), "org.osbuild.apt (id 1234)");
    }

    assertThat(notices).isEmpty();
    try (var files = Files.list(control)) {
      assertThat(files).isEmpty();
    }
  }
}
