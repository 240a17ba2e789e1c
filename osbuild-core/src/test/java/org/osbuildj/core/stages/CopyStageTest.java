package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.testing.StageHarness;
import org.osbuildj.core.testing.TreeFixtures;

class CopyStageTest {
  @TempDir Path tree;

  @Test
  void writesTextAndBytesWithTheirModesAndStampsThemWithTheEpoch() throws Exception {
    byte[] binary = {0, 1, 2, (byte) 0xff};
    Instant epoch = Instant.ofEpochSecond(1_600_000_000);

    StageHarness.of(new CopyStage())
        .options(
            Stages.copy()
                .text("/etc/motd", "héllo\n", 0644)
                .bytes("/usr/local/bin/blob", binary, 0750)
                .toStage()
                .options())
        .sourceDateEpoch(epoch)
        .run(tree);

    assertThat(Files.readString(tree.resolve("etc/motd"))).isEqualTo("héllo\n");
    assertThat(Files.readAllBytes(tree.resolve("usr/local/bin/blob"))).isEqualTo(binary);
    assertThat(
            (Integer) Files.getAttribute(tree.resolve("usr/local/bin/blob"), "unix:mode") & 07777)
        .isEqualTo(0750);
    assertThat(Files.getLastModifiedTime(tree.resolve("usr/local/bin/blob")).toInstant())
        .isEqualTo(epoch);
    assertThat(Files.getLastModifiedTime(tree.resolve("usr/local")).toInstant()).isEqualTo(epoch);
  }

  @Test
  void givesTheFileItsOwnerAndKeepsSetgidAfterTheChown() throws Exception {
    assumeTrue(TreeFixtures.runningAsRoot(), "changing a file's owner needs root");

    StageHarness.of(new CopyStage())
        .options(Stages.copy().text("/srv/shared", "x", 02750, 1000, 1001).toStage().options())
        .run(tree);

    Path file = tree.resolve("srv/shared");
    assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(1000);
    assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo(1001);
    assertThat((Integer) Files.getAttribute(file, "unix:mode") & 07777).isEqualTo(02750);
  }
}
