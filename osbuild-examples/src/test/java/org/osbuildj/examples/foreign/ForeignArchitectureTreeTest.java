package org.osbuildj.examples.foreign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.host.ForeignArchitecture;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.core.stages.options.UsersOptions.User;

/**
 * An arm64 Debian tree built on an x86-64 host: its programs are arm64's, dpkg says arm64, the
 * initramfs is made once and small, and the apt and configuration stages run the tree's programs
 * through the emulator the build registers (and removes, which {@link Arm64TreeExtension} checks).
 */
@Arm64TreeTest
class ForeignArchitectureTreeTest {

  private static String architectureOf(Path program) throws Exception {
    return ForeignArchitecture.ofProgram(program).map(ForeignArchitecture::debianName).orElse("?");
  }

  @Test
  void theTreesProgramsAreArm64sAndItsInitramfsIsSmallAndMadeOnce(Arm64Tree arm64)
      throws Exception {
    Path tree = arm64.path();
    System.out.println(
        "[arm64-tree] bootstrap "
            + (arm64.builtInThisRun()
                ? "took " + arm64.buildTime().toSeconds() + " s in this run"
                : "came from the store"));

    assertThat(architectureOf(tree.resolve("usr/bin/bash"))).isEqualTo("arm64");
    assertThat(architectureOf(tree.resolve("usr/lib/systemd/systemd"))).isEqualTo("arm64");
    assertThat(Files.readString(tree.resolve("etc/initramfs-tools/conf.d/osbuild.conf")))
        .isEqualTo("MODULES=list\nFSTYPE=ext4\n");
    assertThat(Files.readString(tree.resolve("etc/initramfs-tools/modules")))
        .endsWith("virtio_pci\nvirtio_blk\next4\n");
    List<Path> initrds;
    try (Stream<Path> boot = Files.list(tree.resolve("boot"))) {
      initrds = boot.filter(p -> p.getFileName().toString().startsWith("initrd.img-")).toList();
    }
    assertThat(initrds).hasSize(1);
    long size = Files.size(initrds.get(0));
    System.out.println("[arm64-tree] " + initrds.get(0).getFileName() + ": " + size + " bytes");
    assertThat(size).isLessThan(15L << 20);
    assertThat(arm64.mmdebstrapLog())
        .as("the mmdebstrap stage's log")
        .isNotEmpty()
        .filteredOn(line -> line.contains("update-initramfs: Generating /boot/initrd.img-"))
        .hasSize(1);
  }

  @Test
  void dpkgInTheTreeSaysArm64WhenRunInTheSandbox(Arm64Tree arm64) throws Exception {
    Path tree =
        arm64.build(
            arm64.onBase(
                Stages.script(
                    "#!/bin/sh\nset -e\n"
                        + "dpkg --print-architecture > /etc/osbuild-test-architecture\n"
                        + "uname -m > /etc/osbuild-test-machine\n")));

    assertThat(Files.readString(tree.resolve("etc/osbuild-test-architecture")))
        .isEqualTo("arm64\n");
    assertThat(Files.readString(tree.resolve("etc/osbuild-test-machine"))).isEqualTo("aarch64\n");
  }

  @Test
  void theAptStageInstallsAnArm64PackageInTheTree(Arm64Tree arm64) throws Exception {
    Path tree = arm64.build(arm64.onBase(Stages.apt("less")));

    assertThat(architectureOf(tree.resolve("usr/bin/less"))).isEqualTo("arm64");
    assertThat(Files.readString(tree.resolve("var/lib/dpkg/status")))
        .contains("Package: less\nStatus: install ok installed\n")
        .containsPattern("Package: less\n(.+\n)*Architecture: arm64\n");
  }

  @Test
  void theConfigurationStagesRunTheTreesOwnProgramsEmulated(Arm64Tree arm64) throws Exception {
    Path tree =
        arm64.build(
            arm64.onBase(
                Stages.hostname("arm64-demo"),
                Stages.timezone("Europe/Berlin"),
                Stages.users()
                    .withUser("demo", User.defaults().withUid(1234).withGroups("systemd-journal")),
                Stages.systemd().addEnabledServices("systemd-networkd.service"),
                Stages.kernelCmdline("6b2ee9b1-34b5-4b4e-8a41-2f0d2d1bb0a5", "console=ttyAMA0")));

    assertThat(Files.readString(tree.resolve("etc/hostname"))).isEqualTo("arm64-demo\n");
    assertThat(Files.readSymbolicLink(tree.resolve("etc/localtime")))
        .hasToString("../usr/share/zoneinfo/Europe/Berlin");
    assertThat(Files.readString(tree.resolve("etc/passwd")))
        .contains("\ndemo:x:1234:1234::/home/demo:");
    assertThat(Files.readString(tree.resolve("etc/group")))
        .containsPattern("systemd-journal:x:\\d+:demo\n");
    assertThat(tree.resolve("etc/systemd/system/multi-user.target.wants/systemd-networkd.service"))
        .isSymbolicLink();
    assertThat(Files.readString(tree.resolve("etc/kernel/cmdline")))
        .contains("root=UUID=6b2ee9b1-34b5-4b4e-8a41-2f0d2d1bb0a5")
        .contains("console=ttyAMA0");
  }

  @Test
  void eachBuildThatRegisteredTheEmulatorSaidSoAndRemovedIt(Arm64Tree arm64) throws Exception {
    arm64.takeHostChanges();
    arm64.build(arm64.onBase(Stages.script("#!/bin/sh\n# " + System.nanoTime() + "\ntrue\n")));
    List<String> changes = arm64.takeHostChanges();

    if (Files.exists(Path.of("/proc/sys/fs/binfmt_misc/qemu-aarch64"))) {
      // The host has it registered already: the build used it as it was.
      assertThat(changes).isEmpty();
    } else {
      assertThat(changes).hasSize(2);
      assertThat(changes.get(0))
          .startsWith("registered qemu-aarch64 with binfmt_misc (flags PF")
          .endsWith("it is removed when the build ends");
      assertThat(changes.get(1))
          .isEqualTo("removed qemu-aarch64 from binfmt_misc, as it was before the build");
      // Nothing left: the host no longer runs the tree's programs.
      Process chroot =
          new ProcessBuilder("chroot", arm64.path().toString(), "/usr/bin/true")
              .redirectErrorStream(true)
              .start();
      String output = new String(chroot.getInputStream().readAllBytes());
      assertThat(chroot.waitFor()).as(output).isNotZero();
    }
  }
}
