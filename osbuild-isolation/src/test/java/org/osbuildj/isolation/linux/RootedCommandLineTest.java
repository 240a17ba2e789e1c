package org.osbuildj.isolation.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.isolation.Capability;
import org.osbuildj.core.isolation.Command;

class RootedCommandLineTest {
  private final SandboxRuntime runtime =
      new SandboxRuntime(
          Path.of("/run/osbuild-java/bin/osbuild-sandbox-0123"),
          new IdMapping(2147418112L, 65536),
          7,
          false);

  @Test
  void theProgramGetsTheRootTheDirectoryTheIdMapAndTheCapabilitiesToKeep() {
    assertThat(
            RootedCommandLine.of(
                runtime,
                "/staging/root",
                Command.of("ls", "-l").inDirectory("/run/osbuild/tree"),
                EnumSet.of(Capability.CHOWN, Capability.SYS_ADMIN, Capability.SETFCAP)))
        .containsExactly(
            "/run/osbuild-java/bin/osbuild-sandbox-0123",
            "--root",
            "/staging/root",
            "--wd",
            "/run/osbuild/tree",
            "--map",
            "2147418112:65536",
            "--keep-caps",
            "80200001",
            "--",
            "ls",
            "-l");
  }

  @Test
  void argumentsThatLookLikeOptionsReachTheCommandUnread() {
    assertThat(RootedCommandLine.of(runtime, "/r", Command.of("--help", "--root=/"), Set.of()))
        .endsWith("--keep-caps", "0", "--", "--help", "--root=/");
  }

  @Test
  void aCommandThatMountsBlockDevicesKeepsTheHostsIds() {
    assertThat(
            RootedCommandLine.of(
                runtime.withHostIds(),
                "/staging/root",
                Command.of("mount", "/dev/loop0", "/mnt"),
                EnumSet.of(Capability.SYS_ADMIN)))
        .containsSequence("--map", "host")
        .doesNotContain("2147418112:65536");
    assertThat(runtime.withHostIds().hostRoot()).isZero();
    assertThat(runtime.withHostIds().mountUsernsFd()).isNegative();
    assertThat(runtime.hostRoot()).isEqualTo(2147418112);
  }
}
