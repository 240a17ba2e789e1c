package org.osbuildj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osbuildj.store.TestIds.id;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;

/**
 * Two builders commit the same id at the same moment: both are held at the point of publishing
 * until the other is there too, each with a tree of many files whose content names the builder.
 * Publishing must be atomic: each builder, and a reader afterwards, sees one builder's tree whole,
 * every file with that builder's content, never a mix and never a change after it was published.
 */
class ConcurrentBuildersTest {
  /** Enough files that a publish copying them one by one would interleave. */
  static final int FILES = 200;

  private static final int ROUNDS = 3;

  @TempDir Path dir;

  /** The tree builder {@code marker} commits: {@link #FILES} files in two directories. */
  static Map<String, String> treeOf(String marker) {
    Map<String, String> files = new TreeMap<>();
    for (int i = 0; i < FILES; i++) {
      files.put(String.format("%s/f%03d", i % 2 == 0 ? "even" : "odd", i), marker + " " + i + "\n");
    }
    return files;
  }

  static void write(Path tree, Map<String, String> files) throws IOException {
    for (var file : files.entrySet()) {
      Path path = tree.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
  }

  /** Every regular file below {@code tree} with its content. */
  static Map<String, String> read(Path tree) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(tree)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        files.put(tree.relativize(file).toString(), Files.readString(file));
      }
    }
    return files;
  }

  @Test
  void twoThreadsCommittingTheSameIdAtTheSameMomentBothSeeOneWholeTree() throws Exception {
    FileStore.builder(dir).mode(SnapshotMode.COPY).open().close();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        String id = id("same-" + round);
        // Both commits wait here with a complete object in tmp/, so their publishing really races.
        CyclicBarrier bothReady = new CyclicBarrier(2);
        List<Future<Map<String, String>>> builders = new ArrayList<>();
        for (String marker : List.of("first", "second")) {
          builders.add(threads.submit(() -> commitAndRead(id, marker, bothReady)));
        }
        List<Map<String, String>> seen = new ArrayList<>();
        for (Future<Map<String, String>> builder : builders) {
          seen.add(builder.get(60, TimeUnit.SECONDS));
        }

        Map<String, String> stored;
        try (FileStore store = FileStore.open(dir);
            TreeLease lease = store.read(id)) {
          stored = read(((TreeMount.Directory) lease.mount()).path());
          assertThat(store.list()).as("round %d", round).hasSize(round + 1);
        }
        assertThat(stored)
            .as("round %d: the stored tree", round)
            .isIn(treeOf("first"), treeOf("second"));
        assertThat(seen)
            .as("round %d: what each builder read after its commit", round)
            .containsOnly(stored);
      }
    } finally {
      threads.shutdownNow();
    }
    try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }
  }

  /** Commits {@code marker}'s tree under {@code id}, publishing at the barrier; reads it back. */
  private Map<String, String> commitAndRead(String id, String marker, CyclicBarrier barrier)
      throws IOException {
    try (FileStore store =
            FileStore.builder(dir)
                .mode(SnapshotMode.COPY)
                .beforePublish(objectDir -> await(barrier))
                .open();
        Workspace workspace = store.newWorkspace(Optional.empty())) {
      write(((TreeMount.Directory) workspace.mount()).path(), treeOf(marker));
      store.commit(workspace, new TreeRecord(id, "org.osbuild.test", Optional.empty()));
      try (TreeLease lease = store.read(id)) {
        return read(((TreeMount.Directory) lease.mount()).path());
      }
    }
  }

  @Test
  void twoProcessesCommittingTheSameIdAtTheSameMomentBothSeeOneWholeTree() throws Exception {
    FileStore.builder(dir).mode(SnapshotMode.COPY).open().close();
    Path barrier = Files.createDirectory(dir.resolve("barrier"));
    List<Process> children =
        List.of(
            ChildJvm.start("commit", dir.toString(), id("same"), "first", barrier.toString()),
            ChildJvm.start("commit", dir.toString(), id("same"), "second", barrier.toString()));
    List<Map<String, String>> seen = new ArrayList<>();
    for (Process child : children) {
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
      assertThat(child.exitValue()).as(output).isZero();
      assertThat(output).as("the child's output").contains("COMMITTED\n");
      seen.add(StoreChild.parseFiles(output));
    }

    Map<String, String> stored;
    try (FileStore store = FileStore.open(dir);
        TreeLease lease = store.read(id("same"))) {
      assertThat(store.list()).hasSize(1);
      stored = read(((TreeMount.Directory) lease.mount()).path());
    }
    assertThat(stored).as("the stored tree").isIn(treeOf("first"), treeOf("second"));
    assertThat(seen).as("what each child read after its commit").containsOnly(stored);
  }

  static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the other builder never reached its commit", e);
    }
  }
}
