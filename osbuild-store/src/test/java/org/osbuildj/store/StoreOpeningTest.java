package org.osbuildj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.store.StoreException;

class StoreOpeningTest {
  @TempDir Path dir;

  @Test
  void aNewStoreRecordsFormatVersionOneAndItsSnapshotMode() throws Exception {
    try (FileStore store = FileStore.builder(dir).mode(SnapshotMode.COPY).open()) {
      assertThat(Files.readString(dir.resolve("format")))
          .contains("\"version\" : 1")
          .contains("\"copy\"");
      assertThat(dir.resolve("objects")).isDirectory();
      assertThat(dir.resolve("sources")).isDirectory();
      assertThat(dir.resolve("tmp")).isDirectory();
      assertThat(dir.resolve("lock")).exists();
    }
  }

  @Test
  void aStoreOfAnUnknownFormatVersionIsRefusedNamingBothVersions() throws Exception {
    Files.writeString(dir.resolve("format"), "{\"version\": 7, \"snapshots\": \"copy\"}");

    assertThatThrownBy(() -> FileStore.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("format version 7")
        .hasMessageContaining("reads version 1 only");
  }

  @Test
  void aCopyStoreCannotBeOpenedInOverlayMode() throws Exception {
    FileStore.builder(dir).mode(SnapshotMode.COPY).open().close();

    assertThatThrownBy(() -> FileStore.builder(dir).mode(SnapshotMode.OVERLAY).open())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("keeps copied trees");
  }

  @Test
  void autoModeKeepsTheModeTheStoreWasCreatedWith() throws Exception {
    FileStore.builder(dir).mode(SnapshotMode.COPY).open().close();

    try (FileStore store = FileStore.open(dir)) {
      assertThat(store.mode()).isEqualTo(SnapshotMode.COPY);
    }
  }

  @Test
  void aLeftoverOfACrashedBuilderIsRemovedOnOpen() throws Exception {
    FileStore.builder(dir).mode(SnapshotMode.COPY).open().close();
    Path leftover = Files.createDirectories(dir.resolve("tmp/commit-crashed/object/tree"));
    Files.writeString(leftover.resolve("half-written"), "x");
    Files.createFile(dir.resolve("tmp/commit-crashed.lock"));

    FileStore.open(dir).close();

    assertThat(dir.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void theWorkspaceOfAnotherLiveProcessSurvivesAnOpen() throws Exception {
    FileStore.builder(dir).mode(SnapshotMode.COPY).open().close();
    Process child = ChildJvm.start("hold-workspace", dir.toString());
    try {
      StringBuilder output = new StringBuilder();
      assertThat(ChildJvm.awaitLine(child, "READY", output)).as(output.toString()).isTrue();

      FileStore.open(dir).close();

      try (var entries = Files.list(dir.resolve("tmp"))) {
        assertThat(entries.map(p -> p.getFileName().toString()))
            .anyMatch(n -> n.startsWith("workspace-") && !n.endsWith(".lock"));
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
    FileStore.open(dir).close();
    assertThat(dir.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void twoStoresInOneProcessDoNotRemoveEachOthersWorkspaces() throws Exception {
    try (FileStore first = FileStore.builder(dir).mode(SnapshotMode.COPY).open()) {
      first.newWorkspace(Optional.empty());

      FileStore.open(dir).close();

      assertThat(dir.resolve("tmp")).isNotEmptyDirectory();
    }
  }
}
