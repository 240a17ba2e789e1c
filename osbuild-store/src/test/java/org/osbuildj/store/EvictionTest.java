package org.osbuildj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osbuildj.store.TestIds.id;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;
import org.osbuildj.store.evict.EvictionOrder;
import org.osbuildj.store.object.StoredObject;

class EvictionTest {
  private static final int TREE_BYTES = 256 * 1024;

  @TempDir Path dir;
  private final SteppingClock clock = new SteppingClock();

  private FileStore open(long maxSize) throws Exception {
    return FileStore.builder(dir).mode(SnapshotMode.COPY).clock(clock).maxSize(maxSize).open();
  }

  private void commit(FileStore store, String name) throws Exception {
    try (Workspace workspace = store.newWorkspace(Optional.empty())) {
      Files.write(
          ((TreeMount.Directory) workspace.mount()).path().resolve(name), new byte[TREE_BYTES]);
      store.commit(workspace, new TreeRecord(id(name), "org.osbuild.test", Optional.empty()));
    }
  }

  private static long sizeOfOne(FileStore store) throws Exception {
    return store.list().get(0).sizeOnDisk();
  }

  @Test
  void listShowsEveryTreeWithItsSizeAndLastUse() throws Exception {
    try (FileStore store = open(FileStore.DEFAULT_MAX_SIZE)) {
      commit(store, "a");
      Instant committed = clock.instant();
      commit(store, "b");
      store.read(id("a")).close();

      assertThat(store.list())
          .extracting(StoredObject::id)
          .containsExactlyInAnyOrder(id("a"), id("b"));
      StoredObject a =
          store.list().stream().filter(o -> o.id().equals(id("a"))).findFirst().orElseThrow();
      assertThat(a.sizeOnDisk()).isGreaterThanOrEqualTo(TREE_BYTES);
      assertThat(a.lastUsed()).isAfter(committed);
      assertThat(a.created()).isBefore(a.lastUsed());
    }
  }

  @Test
  void pruneEvictsTheLeastRecentlyUsedTreeFirst() throws Exception {
    try (FileStore store = open(FileStore.DEFAULT_MAX_SIZE)) {
      commit(store, "a");
      long one = sizeOfOne(store);
      commit(store, "b");
      commit(store, "c");
      store.read(id("a")).close(); // a is now the most recently used

      store.prune(2 * one);

      assertThat(store.contains(id("b"))).isFalse();
      assertThat(store.contains(id("a"))).isTrue();
      assertThat(store.contains(id("c"))).isTrue();
    }
  }

  @Test
  void aCommitBeyondTheSizeLimitEvictsTheOldestTrees() throws Exception {
    long one;
    try (FileStore probe = open(FileStore.DEFAULT_MAX_SIZE)) {
      commit(probe, "probe");
      one = sizeOfOne(probe);
      probe.removeAll();
    }
    try (FileStore store = open(2 * one)) {
      commit(store, "a");
      commit(store, "b");
      commit(store, "c");

      assertThat(store.list())
          .extracting(StoredObject::id)
          .containsExactlyInAnyOrder(id("b"), id("c"));
    }
  }

  @Test
  void aLeasedTreeIsNeverEvicted() throws Exception {
    try (FileStore store = open(FileStore.DEFAULT_MAX_SIZE)) {
      commit(store, "leased");
      commit(store, "free");
      try (TreeLease lease = store.read(id("leased"))) {
        store.prune(0);

        assertThat(store.contains(id("leased"))).isTrue();
        assertThat(store.contains(id("free"))).isFalse();
        assertThat(((TreeMount.Directory) lease.mount()).path().resolve("leased")).exists();
      }
      store.prune(0);
      assertThat(store.list()).isEmpty();
    }
  }

  @Test
  void aTreeLeasedByAnotherStoreInThisProcessIsNotEvictedEither() throws Exception {
    try (FileStore store = open(FileStore.DEFAULT_MAX_SIZE);
        FileStore other = open(FileStore.DEFAULT_MAX_SIZE)) {
      commit(store, "leased");
      try (TreeLease lease = other.read(id("leased"))) {
        store.removeAll();
        assertThat(store.contains(id("leased"))).isTrue();
      }
    }
  }

  @Test
  void theLimitHoldsOnceTheBuildThatHeldItsTreesHasReleasedThem() throws Exception {
    long limit = 2 << 20;
    try (FileStore store = open(limit)) {
      // As the executor builds: one workspace, a big stage and five small ones committed, the last
      // tree leased for the assembler before the workspace closes, then the lease closed.
      TreeLease lease;
      try (Workspace workspace = store.newWorkspace(Optional.empty())) {
        Path tree = ((TreeMount.Directory) workspace.mount()).path();
        Files.write(tree.resolve("big"), new byte[3 << 20]);
        store.commit(workspace, new TreeRecord(id("big"), "org.osbuild.test", Optional.empty()));
        String parent = "big";
        for (int i = 1; i <= 5; i++) {
          Files.writeString(tree.resolve("small" + i), "small " + i);
          store.commit(
              workspace,
              new TreeRecord(id("small" + i), "org.osbuild.test", Optional.of(id(parent))));
          parent = "small" + i;
        }
        lease = store.read(id("small5"));
      }
      assertThat(store.contains(id("small5"))).as("kept while the lease holds it").isTrue();
      lease.close();

      assertThat(store.list().stream().mapToLong(StoredObject::sizeOnDisk).sum())
          .isLessThanOrEqualTo(limit);
      assertThat(store.list()).isEmpty();
    }
  }

  @Test
  void layersThatOthersStandOnAreEvictedOnlyAfterThem() {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    StoredObject bottom = object("bottom", null, t);
    StoredObject middle = object("middle", "bottom", t.plusSeconds(10));
    StoredObject top = object("top", "middle", t.plusSeconds(20));
    StoredObject lone = object("lone", null, t.plusSeconds(30));
    List<StoredObject> all = List.of(bottom, middle, top, lone);

    assertThat(EvictionOrder.next(all, Set.of())).contains(top);
    assertThat(EvictionOrder.next(List.of(bottom, middle, lone), Set.of())).contains(middle);
    assertThat(EvictionOrder.next(all, Set.of(id("top")))).contains(lone);
    assertThat(EvictionOrder.next(List.of(bottom, middle, top), Set.of(id("top")))).isEmpty();
  }

  private static StoredObject object(String name, String below, Instant lastUsed) {
    return new StoredObject(
        id(name),
        "org.osbuild.test",
        Optional.empty(),
        Optional.ofNullable(below).map(TestIds::id),
        lastUsed,
        1000,
        lastUsed);
  }

  /** A clock that moves one second every time it is read, so every use has its own time. */
  private static final class SteppingClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    @Override
    public synchronized Instant instant() {
      now = now.plus(Duration.ofSeconds(1));
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
