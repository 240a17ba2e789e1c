package org.osbuildj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osbuildj.store.TestIds.id;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;

class ConcurrentBuildersTest {
  @TempDir Path dir;

  @Test
  void twoThreadsCommittingTheSameIdAtTheSameMomentBothSucceedAndOneTreeIsKept() throws Exception {
    FileStore.builder(dir).mode(SnapshotMode.COPY).open().close();
    // Both commits wait here with a complete object in tmp/, so their renames really race.
    CyclicBarrier bothReady = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    List<Future<?>> builders = new ArrayList<>();
    for (String marker : List.of("first", "second")) {
      builders.add(
          threads.submit(
              () -> {
                try (FileStore store =
                        FileStore.builder(dir)
                            .mode(SnapshotMode.COPY)
                            .beforePublish(objectDir -> await(bothReady))
                            .open();
                    Workspace workspace = store.newWorkspace(Optional.empty())) {
                  Files.writeString(
                      ((TreeMount.Directory) workspace.mount()).path().resolve("marker"), marker);
                  store.commit(
                      workspace, new TreeRecord(id("same"), "org.osbuild.test", Optional.empty()));
                }
                return null;
              }));
    }
    for (Future<?> builder : builders) {
      builder.get(60, TimeUnit.SECONDS);
    }
    threads.shutdown();

    try (FileStore store = FileStore.open(dir);
        TreeLease lease = store.read(id("same"))) {
      assertThat(store.list()).hasSize(1);
      assertThat(Files.readString(((TreeMount.Directory) lease.mount()).path().resolve("marker")))
          .isIn("first", "second");
    }
    assertThat(dir.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void twoProcessesCommittingTheSameIdBothSucceedAndOneTreeIsKept() throws Exception {
    FileStore.builder(dir).mode(SnapshotMode.COPY).open().close();
    List<Process> children =
        List.of(
            ChildJvm.start("commit", dir.toString(), id("same"), "first"),
            ChildJvm.start("commit", dir.toString(), id("same"), "second"));
    for (Process child : children) {
      StringBuilder output = new StringBuilder();
      assertThat(ChildJvm.awaitLine(child, "COMMITTED", output)).as(output.toString()).isTrue();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as(output.toString()).isZero();
    }

    try (FileStore store = FileStore.open(dir);
        TreeLease lease = store.read(id("same"))) {
      assertThat(store.list()).hasSize(1);
      assertThat(Files.readString(((TreeMount.Directory) lease.mount()).path().resolve("marker")))
          .isIn("first", "second");
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the other builder never reached its commit", e);
    }
  }
}
