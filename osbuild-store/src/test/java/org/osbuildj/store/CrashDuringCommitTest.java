package org.osbuildj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osbuildj.store.TestIds.id;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashDuringCommitTest {
  @TempDir Path dir;

  @Test
  void aBuilderKilledDuringCommitLeavesNoObjectAndTheNextOpenCleansTmp() throws Exception {
    FileStore.builder(dir).mode(SnapshotMode.COPY).open().close();
    Process child = ChildJvm.start("hang-before-publish", dir.toString(), id("crashed"));
    StringBuilder output = new StringBuilder();
    assertThat(ChildJvm.awaitLine(child, "READY", output)).as(output.toString()).isTrue();
    try (var entries = Files.list(dir.resolve("tmp"))) {
      assertThat(entries.filter(p -> p.getFileName().toString().startsWith("commit-")))
          .isNotEmpty();
    }

    child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(dir.resolve("objects").resolve(id("crashed"))).doesNotExist();

    try (FileStore store = FileStore.open(dir)) {
      assertThat(store.contains(id("crashed"))).isFalse();
      assertThat(store.list()).isEmpty();
    }
    assertThat(dir.resolve("tmp")).isEmptyDirectory();
  }
}
