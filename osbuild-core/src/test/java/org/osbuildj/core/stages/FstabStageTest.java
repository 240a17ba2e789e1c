package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.testing.StageHarness;

class FstabStageTest {
  @TempDir Path tree;

  @Test
  void replacesFstabWithOneLinePerFilesystemInOrder() throws Exception {
    Files.createDirectories(tree.resolve("etc"));
    Files.writeString(tree.resolve("etc/fstab"), "# UNCONFIGURED FSTAB FOR BASE SYSTEM\n");
    Stage stage =
        Stages.fstab()
            .uuid("6a0d9c8e-3f0b-4c55-9b1c-2f8e1a7d4b21", "/", "ext4", "errors=remount-ro", 0, 1)
            .label("ESP", "/boot/efi", "vfat", "umask=0077", 0, 2)
            .device("/dev/vdb", "none", "swap", null, 0, 0)
            .toStage();

    StageHarness.of(new FstabStage())
        .options(stage.options())
        .sourceDateEpoch(Instant.ofEpochSecond(1))
        .run(tree);

    assertThat(Files.readString(tree.resolve("etc/fstab")))
        .isEqualTo(
            "# written by org.osbuild.fstab\n"
                + "UUID=6a0d9c8e-3f0b-4c55-9b1c-2f8e1a7d4b21 / ext4 errors=remount-ro 0 1\n"
                + "LABEL=ESP /boot/efi vfat umask=0077 0 2\n"
                + "/dev/vdb none swap defaults 0 0\n");
    assertThat(Files.getLastModifiedTime(tree.resolve("etc/fstab")).toInstant())
        .isEqualTo(Instant.ofEpochSecond(1));
  }
}
