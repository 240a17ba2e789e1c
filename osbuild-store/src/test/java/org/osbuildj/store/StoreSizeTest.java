package org.osbuildj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osbuildj.store.TestIds.id;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;
import org.osbuildj.store.evict.StoreUsage;

/**
 * The size limit counts everything the store holds: trees, the step logs in {@code logs/}, the
 * named caches and the source files. Logs go with their trees or by age, caches and sources only
 * when trees and logs alone cannot bring the store under the limit.
 */
class StoreSizeTest {
  private static final int KIB = 1024;

  @TempDir Path dir;

  private FileStore open(long maxSize) throws Exception {
    return FileStore.builder(dir).mode(SnapshotMode.COPY).maxSize(maxSize).open();
  }

  private static void commit(FileStore store, String name, int bytes) throws Exception {
    try (Workspace workspace = store.newWorkspace(Optional.empty())) {
      Files.write(((TreeMount.Directory) workspace.mount()).path().resolve(name), new byte[bytes]);
      store.commit(workspace, new TreeRecord(id(name), "org.osbuild.test", Optional.empty()));
    }
  }

  /** A step log as the executor writes it, last written {@code ago} before now. */
  private Path log(String name, int bytes, Duration ago) throws Exception {
    Path log = Files.createDirectories(dir.resolve("logs")).resolve(id(name) + ".log");
    Files.write(log, new byte[bytes]);
    Files.setLastModifiedTime(log, FileTime.from(Instant.now().minus(ago)));
    return log;
  }

  private Path cache(FileStore store, String name, int bytes, Duration ago) throws Exception {
    Path cache = store.cacheDirectory(name).orElseThrow();
    Files.write(cache.resolve("package.deb"), new byte[bytes]);
    Files.setLastModifiedTime(cache, FileTime.from(Instant.now().minus(ago)));
    return cache;
  }

  @Test
  void usageCountsTreesLogsCachesAndSources() throws Exception {
    try (FileStore store = open(FileStore.DEFAULT_MAX_SIZE)) {
      commit(store, "tree", 64 * KIB);
      log("tree", 10 * KIB, Duration.ZERO);
      log("gone", 3 * KIB, Duration.ZERO);
      cache(store, "apt", 200 * KIB, Duration.ZERO);
      store.sources().put(Files.write(dir.resolve("download"), new byte[50 * KIB]));

      StoreUsage usage = store.usage();

      assertThat(usage.trees()).isEqualTo(1);
      assertThat(usage.treeBytes()).isEqualTo(store.list().get(0).sizeOnDisk());
      assertThat(usage.logFiles()).isEqualTo(2);
      assertThat(usage.logBytes()).isEqualTo(13 * KIB);
      assertThat(usage.caches()).containsOnlyKeys("apt");
      assertThat(usage.caches().get("apt")).isBetween(200L * KIB, 220L * KIB);
      assertThat(usage.sourceFiles()).isEqualTo(1);
      assertThat(usage.sourceBytes()).isEqualTo(50 * KIB);
      assertThat(usage.total())
          .isEqualTo(
              usage.treeBytes()
                  + usage.logBytes()
                  + usage.caches().get("apt")
                  + usage.sourceBytes());
    }
  }

  @Test
  void anEvictedTreeTakesItsLogWithIt() throws Exception {
    try (FileStore store = open(FileStore.DEFAULT_MAX_SIZE)) {
      commit(store, "old", 64 * KIB);
      Path oldLog = log("old", KIB, Duration.ZERO);
      commit(store, "new", 64 * KIB);
      Path newLog = log("new", KIB, Duration.ZERO);

      store.prune(store.usage().total() - 1);

      assertThat(store.contains(id("old"))).isFalse();
      assertThat(oldLog).doesNotExist();
      assertThat(store.contains(id("new"))).isTrue();
      assertThat(newLog).exists();
    }
  }

  @Test
  void logsOfTreesThatAreGoneGoByAgeAmongTheTrees() throws Exception {
    try (FileStore store = open(FileStore.DEFAULT_MAX_SIZE)) {
      Path ancient = log("ancient", 100 * KIB, Duration.ofDays(30));
      commit(store, "tree", 64 * KIB);
      Path recent = log("failed-just-now", 100 * KIB, Duration.ZERO);

      store.prune(store.usage().total() - 1);

      assertThat(ancient).as("older than the tree: goes first").doesNotExist();
      assertThat(store.contains(id("tree"))).isTrue();
      assertThat(recent).exists();

      store.prune(100 * KIB);

      assertThat(store.contains(id("tree"))).as("older than the recent log").isFalse();
      assertThat(recent).exists();
    }
  }

  @Test
  void cachesAndSourcesGoOnlyWhenTreesAndLogsCannotBringTheStoreUnderTheLimit() throws Exception {
    try (FileStore store = open(FileStore.DEFAULT_MAX_SIZE)) {
      Path apt = cache(store, "apt", 300 * KIB, Duration.ofDays(3));
      Path other = cache(store, "other", 300 * KIB, Duration.ofDays(2));
      String sha = store.sources().put(Files.write(dir.resolve("download"), new byte[100 * KIB]));
      Path source = dir.resolve("sources/sha256").resolve(sha);
      Files.setLastModifiedTime(source, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
      commit(store, "tree", 64 * KIB);
      log("tree", KIB, Duration.ZERO);
      StoreUsage before = store.usage();

      store.prune(before.total() - before.treeBytes() - before.logBytes());

      assertThat(store.list()).isEmpty();
      assertThat(store.usage().logFiles()).isZero();
      assertThat(apt).exists();
      assertThat(other).exists();
      assertThat(source).exists();

      store.prune(450 * KIB); // the two caches and the source take about 700 KiB

      assertThat(apt).as("the least recently used cache").doesNotExist();
      assertThat(other).exists();
      assertThat(source).exists();

      store.prune(0);

      assertThat(other).doesNotExist();
      assertThat(source).doesNotExist();
      assertThat(store.usage().total()).isZero();
    }
  }

  @Test
  void aCommitOverTheLimitEvictsOldLogsToo() throws Exception {
    Path old = log("old", 512 * KIB, Duration.ofDays(1));
    try (FileStore store = open(256 * KIB)) {
      commit(store, "tree", 64 * KIB);

      assertThat(old).doesNotExist();
      assertThat(store.contains(id("tree"))).isTrue();
    }
  }

  @Test
  void aCacheABuildUsesStaysUntilItEndsAndThenCountsInTheLimit() throws Exception {
    try (FileStore store = open(256 * KIB);
        FileStore other = open(FileStore.DEFAULT_MAX_SIZE)) {
      Path apt;
      try (Workspace workspace = store.newWorkspace(Optional.empty())) {
        apt = cache(store, "apt", 512 * KIB, Duration.ofDays(1));

        other.prune(0);

        assertThat(apt.resolve("package.deb")).as("in use by the build").exists();
      }
      assertThat(apt).as("the build is over: the limit holds").doesNotExist();
      assertThat(store.usage().total()).isLessThanOrEqualTo(256 * KIB);
    }
  }

  @Test
  void clearRemovesEveryLogCacheAndSource() throws Exception {
    try (FileStore store = open(FileStore.DEFAULT_MAX_SIZE)) {
      commit(store, "tree", 64 * KIB);
      log("tree", KIB, Duration.ZERO);
      log("gone", KIB, Duration.ofDays(1));
      cache(store, "apt", KIB, Duration.ZERO);
      store.sources().put(Files.write(dir.resolve("download"), new byte[KIB]));

      assertThat(store.removeAll()).isZero();

      assertThat(store.usage()).isEqualTo(new StoreUsage(0, 0, 0, 0, Map.of(), 0, 0));
      assertThat(dir.resolve("logs")).isEmptyDirectory();
      assertThat(dir.resolve("caches")).isEmptyDirectory();
    }
  }

  @Test
  void logsWrittenSinceARunningBuildStartedAreKept() throws Exception {
    try (FileStore store = open(FileStore.DEFAULT_MAX_SIZE)) {
      store.list();
    }
    Path before = log("before", KIB, Duration.ofMinutes(5));
    Process child = ChildJvm.start("hold-workspace", dir.toString());
    try {
      StringBuilder output = new StringBuilder();
      assertThat(ChildJvm.awaitLine(child, "READY", output)).as(output.toString()).isTrue();
      Path running = log("running", KIB, Duration.ZERO);
      try (FileStore store = open(FileStore.DEFAULT_MAX_SIZE)) {
        store.removeAll();
      }

      assertThat(before).doesNotExist();
      assertThat(running).as("perhaps the running build's").exists();
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
