package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.testing.StageHarness;

class MkdirStageTest {
  @TempDir Path tree;

  private static int mode(Path path) throws Exception {
    return (Integer) Files.getAttribute(path, "unix:mode") & 07777;
  }

  @Test
  void createsTheDirectoryWithExactlyItsModeAndParentsWith0755() throws Exception {
    StageHarness.of(new MkdirStage())
        .options(Stages.mkdir().path("/srv/data/cache", 01770, true, false).toStage().options())
        .run(tree);

    assertThat(mode(tree.resolve("srv/data/cache"))).isEqualTo(01770);
    assertThat(mode(tree.resolve("srv/data"))).isEqualTo(0755);
  }

  @Test
  void aMissingParentFailsWithoutParents() {
    assertThatThrownBy(
            () ->
                StageHarness.of(new MkdirStage())
                    .options(
                        Stages.mkdir().path("/srv/data", 0755, false, false).toStage().options())
                    .run(tree))
        .hasMessageContaining("parent");
    assertThat(tree.resolve("srv")).doesNotExist();
  }

  @Test
  void anExistingDirectoryFailsUnlessExistOkAndKeepsItsMode() throws Exception {
    Files.createDirectories(tree.resolve("srv"));
    Files.setPosixFilePermissions(
        tree.resolve("srv"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

    assertThatThrownBy(
            () ->
                StageHarness.of(new MkdirStage())
                    .options(Stages.mkdir().path("/srv", 0755, false, false).toStage().options())
                    .run(tree))
        .hasMessageContaining("exist_ok");
    StageHarness.of(new MkdirStage())
        .options(Stages.mkdir().path("/srv", 0755, false, true).toStage().options())
        .run(tree);
    assertThat(mode(tree.resolve("srv"))).isEqualTo(0700);
  }

  @Test
  void anExistingFileIsAnErrorEvenWithExistOk() throws Exception {
    Files.writeString(tree.resolve("srv"), "");

    assertThatThrownBy(
            () ->
                StageHarness.of(new MkdirStage())
                    .options(Stages.mkdir().path("/srv", 0755, false, true).toStage().options())
                    .run(tree))
        .hasMessageContaining("not a directory");
  }

  @Test
  void aDirectoryBehindAnAbsoluteLinkIsCreatedInsideTheTree() throws Exception {
    Path outside = Files.createTempDirectory("outside");
    try {
      Files.createSymbolicLink(tree.resolve("srv"), outside);
      Files.createDirectories(tree.resolve(outside.toString().substring(1)));

      StageHarness.of(new MkdirStage())
          .options(Stages.mkdir().path("/srv/x", 0755, false, false).toStage().options())
          .run(tree);

      assertThat(outside.resolve("x")).doesNotExist();
      assertThat(tree.resolve(outside.toString().substring(1)).resolve("x")).isDirectory();
    } finally {
      Files.deleteIfExists(outside.resolve("x"));
      Files.delete(outside);
    }
  }
}
