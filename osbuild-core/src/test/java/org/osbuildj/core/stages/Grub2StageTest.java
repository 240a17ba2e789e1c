package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.testing.StageHarness;

class Grub2StageTest {
  private static final String UUID = "6a0d9c8e-3f0b-4c55-9b1c-2f8e1a7d4b21";
  @TempDir Path tree;

  private void kernel(String version, boolean initrd) throws Exception {
    Files.createDirectories(tree.resolve("boot"));
    Files.writeString(tree.resolve("boot/vmlinuz-" + version), "kernel");
    if (initrd) Files.writeString(tree.resolve("boot/initrd.img-" + version), "initrd");
  }

  @Test
  void bootsTheNewestKernelByVersionNotByText() throws Exception {
    kernel("6.1.0-9-amd64", true);
    kernel("6.1.0-10-amd64", true);

    StageHarness.of(new Grub2Stage()).options(Stages.grub2(UUID).toStage().options()).run(tree);

    String cfg = Files.readString(tree.resolve("boot/grub/grub.cfg"));
    assertThat(cfg)
        .contains("  linux /boot/vmlinuz-6.1.0-10-amd64 root=UUID=" + UUID + " ro\n")
        .contains("  initrd /boot/initrd.img-6.1.0-10-amd64\n")
        .contains("set timeout=1\n")
        .doesNotContain("serial");
  }

  @Test
  void withoutAnInitrdBootsTheKernelAlone() throws Exception {
    kernel("6.1.0-10-amd64", false);

    StageHarness.of(new Grub2Stage())
        .options(Stages.grub2(UUID).kernelOpts("quiet").timeout(0).toStage().options())
        .run(tree);

    assertThat(Files.readString(tree.resolve("boot/grub/grub.cfg")))
        .doesNotContain("initrd")
        .contains(" ro quiet\n")
        .contains("set timeout=0\n");
  }

  @Test
  void serialConsoleGoesToGrubTheKernelAndEtcDefaultGrubKeepingItsOtherSettings() throws Exception {
    kernel("6.1.0-10-amd64", true);
    Files.createDirectories(tree.resolve("etc/default"));
    Files.writeString(
        tree.resolve("etc/default/grub"), "GRUB_DISTRIBUTOR=`lsb_release -i -s`\nGRUB_TIMEOUT=5\n");

    StageHarness.of(new Grub2Stage())
        .options(Stages.grub2(UUID).serialConsole().toStage().options())
        .run(tree);

    assertThat(Files.readString(tree.resolve("boot/grub/grub.cfg")))
        .contains(
            "serial --unit=0 --speed=115200\nterminal_input serial console\nterminal_output serial console\n")
        .contains(" ro console=tty0 console=ttyS0,115200\n");
    assertThat(Files.readString(tree.resolve("etc/default/grub")))
        .isEqualTo(
            "GRUB_DISTRIBUTOR=`lsb_release -i -s`\n"
                + "GRUB_TIMEOUT=\"1\"\nGRUB_DEFAULT=\"0\"\nGRUB_CMDLINE_LINUX=\"console=tty0 console=ttyS0,115200\"\n"
                + "GRUB_TERMINAL=\"serial console\"\nGRUB_SERIAL_COMMAND=\"serial --unit=0 --speed=115200\"\n");
  }

  @Test
  void aTreeWithoutAKernelFailsNamingWhatIsMissing() {
    assertThatThrownBy(
            () ->
                StageHarness.of(new Grub2Stage())
                    .options(Stages.grub2(UUID).toStage().options())
                    .run(tree))
        .hasMessageContaining("/boot/vmlinuz-");
    assertThat(tree.resolve("boot/grub")).doesNotExist();
  }
}
