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
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;
import org.osbuildj.store.object.StoredObject;

@Tag("root")
class OverlayModeStoreTest {
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

  private FileStore open(int maxLayers) throws Exception {
    return FileStore.builder(dir.resolve("store"))
        .mode(SnapshotMode.OVERLAY)
        .maxLayers(maxLayers)
        .open();
  }

  private String inTree(TreeMount mount, String script) throws Exception {
    return OverlayShell.run(mount, dir, script);
  }

  private static TreeRecord record(String name, String parent) {
    return new TreeRecord(
        id(name), "org.osbuild." + name, Optional.ofNullable(parent).map(TestIds::id));
  }

  @Test
  void autoModeLayersTreesWhenRunningAsRoot() throws Exception {
    try (FileStore store = FileStore.open(dir.resolve("store"))) {
      assertThat(store.mode()).isEqualTo(SnapshotMode.OVERLAY);
    }
  }

  @Test
  void aWorkspaceIsAnOverlayWhoseCommitsBecomeLayers() throws Exception {
    try (FileStore store = open(100);
        Workspace workspace = store.newWorkspace(Optional.empty())) {
      assertThat(workspace.mount())
          .as("nothing below: a plain directory, no overlay")
          .isInstanceOf(TreeMount.Directory.class);
      inTree(workspace.mount(), "echo one > $T/one");
      store.commit(workspace, record("one", null));
      assertThat(workspace.mount())
          .as("on the committed layer")
          .isInstanceOf(TreeMount.Overlay.class);
      inTree(workspace.mount(), "echo two > $T/two");
      store.commit(workspace, record("two", "one"));

      StoredObject two =
          store.list().stream().filter(o -> o.id().equals(id("two"))).findFirst().orElseThrow();
      assertThat(two.layerBelow()).contains(id("one"));
      Path twoLayer = dir.resolve("store/objects").resolve(id("two")).resolve("layer");
      assertThat(twoLayer.resolve("two")).exists();
      assertThat(twoLayer.resolve("one")).doesNotExist();
      assertThat(inTree(workspace.mount(), "cat $T/one $T/two")).isEqualTo("one\ntwo\n");
    }
  }

  @Test
  void aFileDeletedInStageTwoStaysHiddenInEveryLaterView() throws Exception {
    try (FileStore store = open(100)) {
      try (Workspace workspace = store.newWorkspace(Optional.empty())) {
        inTree(workspace.mount(), "echo a > $T/a && mkdir $T/d && echo b > $T/d/b");
        store.commit(workspace, record("create", null));
        inTree(workspace.mount(), "rm $T/a && rm -r $T/d && mkdir $T/d && echo c > $T/d/c");
        store.commit(workspace, record("delete", "create"));
        inTree(workspace.mount(), "echo later > $T/later");
        store.commit(workspace, record("later", "delete"));
      }
      try (Workspace fresh = store.newWorkspace(Optional.of(id("later")))) {
        assertThat(inTree(fresh.mount(), "ls -A $T; ls -A $T/d")).isEqualTo("d\nlater\nc\n");
      }
      try (TreeLease lease = store.read(id("later"));
          TreeLease before = store.read(id("create"))) {
        assertThat(inTree(lease.mount(), "ls -A $T; ls -A $T/d")).isEqualTo("d\nlater\nc\n");
        assertThat(inTree(before.mount(), "ls -A $T; ls -A $T/d")).isEqualTo("a\nd\nb\n");
      }
      store.export(id("later"), dir.resolve("exported"));
      assertThat(
              inTree(
                  new TreeMount.Directory(dir.resolve("exported")),
                  "find $T | sort | sed \"s|$T||\""))
          .isEqualTo("\n/d\n/d/c\n/later\n");
    }
  }

  @Test
  void aLongChainIsFlattenedAndKeepsWhatEachStageDid() throws Exception {
    try (FileStore store = open(3);
        Workspace workspace = store.newWorkspace(Optional.empty())) {
      String parent = null;
      for (int stage = 1; stage <= 7; stage++) {
        String name = "stage" + stage;
        inTree(
            workspace.mount(),
            "echo "
                + stage
                + " > $T/file"
                + stage
                + (stage > 1 ? " && rm $T/file" + (stage - 1) : ""));
        store.commit(workspace, record(name, parent));
        parent = name;
        assertThat(((TreeMount.Overlay) workspace.mount()).lowerDirs()).hasSizeLessThanOrEqualTo(3);
      }

      assertThat(inTree(workspace.mount(), "ls -A $T")).isEqualTo("file7\n");
      assertThat(store.list())
          .anyMatch(o -> o.layerBelow().isEmpty() && !o.id().equals(id("stage1")));
    }
  }

  @Test
  void aStageThatChangesTheTreeRootKeepsItsModeInLaterSnapshots() throws Exception {
    try (FileStore store = open(100);
        Workspace workspace = store.newWorkspace(Optional.empty())) {
      inTree(workspace.mount(), "chmod 0700 $T");
      store.commit(workspace, record("chmod", null));

      assertThat(inTree(workspace.mount(), "stat -c %a $T")).isEqualTo("700\n");
    }
  }

  @Test
  void evictionTakesTheTopLayerBeforeTheLayerItStandsOn() throws Exception {
    try (FileStore store = open(100)) {
      try (Workspace workspace = store.newWorkspace(Optional.empty())) {
        inTree(workspace.mount(), "head -c 100000 /dev/zero > $T/bottom");
        store.commit(workspace, record("bottom", null));
        inTree(workspace.mount(), "head -c 100000 /dev/zero > $T/top");
        store.commit(workspace, record("top", "bottom"));
      }
      store
          .read(id("bottom"))
          .close(); // bottom is now the most recently used, yet others stand on it
      long bottomSize =
          store.list().stream()
              .filter(o -> o.id().equals(id("bottom")))
              .findFirst()
              .orElseThrow()
              .sizeOnDisk();

      store.prune(bottomSize);

      assertThat(store.contains(id("top"))).isFalse();
      assertThat(store.contains(id("bottom"))).isTrue();
    }
  }

  @Test
  void aBigLayerUnderSmallOnesIsEvictedWithThemOnceNoBuildHoldsThem() throws Exception {
    long limit = 2 << 20;
    try (FileStore store =
        FileStore.builder(dir.resolve("store")).mode(SnapshotMode.OVERLAY).maxSize(limit).open()) {
      TreeLease lease;
      try (Workspace workspace = store.newWorkspace(Optional.empty())) {
        inTree(workspace.mount(), "head -c 3000000 /dev/urandom > $T/big");
        store.commit(workspace, record("big", null));
        String parent = "big";
        for (int i = 1; i <= 5; i++) {
          inTree(workspace.mount(), "echo " + i + " > $T/small" + i);
          store.commit(workspace, record("small" + i, parent));
          parent = "small" + i;
        }
        lease = store.read(id("small5"));
      }
      assertThat(store.list()).as("every layer is under the leased tree").hasSize(6);
      lease.close();

      assertThat(store.list().stream().mapToLong(StoredObject::sizeOnDisk).sum())
          .isLessThanOrEqualTo(limit);
      assertThat(store.list()).as("the big layer can only go with the layers on it").isEmpty();
    }
  }

  @Test
  void layersUnderAnOpenWorkspaceAreNotEvicted() throws Exception {
    try (FileStore store = open(100);
        Workspace workspace = store.newWorkspace(Optional.empty())) {
      inTree(workspace.mount(), "echo a > $T/a");
      store.commit(workspace, record("under", null));

      store.removeAll();

      assertThat(store.contains(id("under"))).isTrue();
      assertThat(inTree(workspace.mount(), "cat $T/a")).isEqualTo("a\n");
    }
  }

  @Test
  void committingAnIdAnotherBuilderStoredFirstContinuesFromTheirs() throws Exception {
    try (FileStore store = open(100)) {
      try (Workspace first = store.newWorkspace(Optional.empty())) {
        inTree(first.mount(), "echo first > $T/who");
        store.commit(first, record("same", null));
      }
      try (Workspace second = store.newWorkspace(Optional.empty())) {
        inTree(second.mount(), "echo second > $T/who");
        store.commit(second, record("same", null));
        assertThat(inTree(second.mount(), "cat $T/who")).isEqualTo("first\n");
      }
    }
  }
}
