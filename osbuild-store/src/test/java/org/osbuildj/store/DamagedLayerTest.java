package org.osbuildj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osbuildj.store.TestIds.id;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.host.Host;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;
import org.osbuildj.core.tree.Directories;
import org.osbuildj.store.check.StoreProblem;

/**
 * In overlay mode a tree needs every layer under it: a layer whose object was removed, or whose
 * layer directory is gone, breaks the trees above it, which are then set aside as damaged too.
 */
@Tag("root")
class DamagedLayerTest {
  @TempDir Path dir;
  private String mountsBefore;

  @BeforeEach
  void needsRootAndOverlayfs() throws Exception {
    Assumptions.assumeTrue(Host.isRoot(), "overlay store tests need root (run the build as root)");
    Assumptions.assumeTrue(
        Host.kernelHasFilesystem("overlay"), "overlay store tests need overlayfs in the kernel");
    mountsBefore = Files.readString(Path.of("/proc/self/mountinfo"));
  }

  @AfterEach
  void noMountIsLeftOnTheHost() throws Exception {
    if (mountsBefore != null) {
      assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).isEqualTo(mountsBefore);
    }
  }

  private FileStore open() throws Exception {
    return FileStore.builder(dir.resolve("store")).mode(SnapshotMode.OVERLAY).open();
  }

  private Path object(String name) {
    return dir.resolve("store/objects").resolve(id(name));
  }

  /** Layers one, two, three, each a file on the one below. */
  private void threeLayers(FileStore store) throws Exception {
    try (Workspace workspace = store.newWorkspace(Optional.empty())) {
      String parent = null;
      for (String name : new String[] {"one", "two", "three"}) {
        OverlayShell.run(workspace.mount(), dir, "echo " + name + " > $T/" + name);
        store.commit(
            workspace,
            new TreeRecord(
                id(name), "org.osbuild." + name, Optional.ofNullable(parent).map(TestIds::id)));
        parent = name;
      }
    }
  }

  @Test
  void aTreeWhoseLayerBelowWasRemovedIsSetAsideAndTheLayersBelowThatStay() throws Exception {
    try (FileStore store = open()) {
      threeLayers(store);
      Directories.deleteRecursively(object("two"));

      assertThat(store.contains(id("three"))).isFalse();
      assertThat(object("three")).doesNotExist();
      assertThat(store.contains(id("two"))).isFalse();
      assertThat(store.contains(id("one"))).isTrue();

      try (Workspace workspace = store.newWorkspace(Optional.of(id("one")))) {
        OverlayShell.run(workspace.mount(), dir, "echo two again > $T/two");
        store.commit(
            workspace, new TreeRecord(id("two"), "org.osbuild.two", Optional.of(id("one"))));
      }
      try (TreeLease lease = store.read(id("two"))) {
        assertThat(OverlayShell.run(lease.mount(), dir, "cat $T/one $T/two"))
            .isEqualTo("one\ntwo again\n");
      }
    }
  }

  @Test
  void checkReportsEveryTreeOverAMissingLayerAndRepairSetsThemAside() throws Exception {
    try (FileStore store = open()) {
      threeLayers(store);
      Path layer = object("two").resolve("layer");
      Directories.deleteRecursively(layer);

      assertThat(store.check(false).problems())
          .extracting(StoreProblem::what, StoreProblem::file)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("tree " + id("two"), layer),
              org.assertj.core.groups.Tuple.tuple("tree " + id("three"), layer));

      assertThat(store.check(true).problemsLeft()).isZero();
      assertThat(object("two")).doesNotExist();
      assertThat(object("three")).doesNotExist();
      assertThat(store.contains(id("one"))).isTrue();
      assertThat(store.check(false).clean()).isTrue();
    }
  }
}
