package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.testing.StageHarness;

class ChmodStageTest {
  @TempDir Path tree;

  private static int mode(Path path) throws Exception {
    return (Integer) Files.getAttribute(path, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS)
        & 07777;
  }

  private static void setMode(Path path, int mode) throws Exception {
    Files.setAttribute(path, "unix:mode", mode);
  }

  @Test
  void recursiveChangesEverythingBelowButLeavesWhatLinksPointTo(@TempDir Path decoy)
      throws Exception {
    // The links aim at a sacrificial file, which the tree has at the same path too.
    Path secret = Files.writeString(decoy.resolve("secret"), "");
    setMode(secret, 0666);
    Path secretInTree = tree.resolve(tree.getRoot().relativize(secret));
    Files.createDirectories(secretInTree.getParent());
    Files.writeString(secretInTree, "");
    setMode(secretInTree, 0666);
    Files.createDirectories(tree.resolve("opt/app/bin"));
    Files.writeString(tree.resolve("opt/app/bin/run"), "#!/bin/sh\n");
    setMode(tree.resolve("opt/app/bin/run"), 0777);
    Files.createSymbolicLink(tree.resolve("opt/app/link"), secret);

    StageHarness.of(new ChmodStage())
        .options(Stages.chmod().item("/opt/app", "go-w", true).toStage().options())
        .run(tree);

    assertThat(mode(tree.resolve("opt/app/bin/run"))).isEqualTo(0755);
    assertThat(mode(secretInTree)).isEqualTo(0666);
    assertThat(mode(secret)).isEqualTo(0666);
  }

  @Test
  void withoutRecursiveOnlyThePathChanges() throws Exception {
    Files.createDirectories(tree.resolve("opt/app"));
    Files.writeString(tree.resolve("opt/app/file"), "");
    setMode(tree.resolve("opt/app/file"), 0644);

    StageHarness.of(new ChmodStage())
        .options(Stages.chmod().item("/opt/app", "0700", false).toStage().options())
        .run(tree);

    assertThat(mode(tree.resolve("opt/app"))).isEqualTo(0700);
    assertThat(mode(tree.resolve("opt/app/file"))).isEqualTo(0644);
  }

  @Test
  void aMissingPathFailsTheStage() {
    assertThatThrownBy(
            () ->
                StageHarness.of(new ChmodStage())
                    .options(Stages.chmod().item("/nope", "0700", false).toStage().options())
                    .run(tree))
        .hasMessageContaining("/nope");
  }
}
