package org.osbuildj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.osbuildj.store.TestIds.id;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.store.StoreException;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;
import org.osbuildj.store.object.StoredObject;

class CopyModeStoreTest {
  @TempDir Path dir;

  private FileStore open() throws Exception {
    return FileStore.builder(dir.resolve("store")).mode(SnapshotMode.COPY).open();
  }

  private static Path tree(Workspace workspace) {
    return ((TreeMount.Directory) workspace.mount()).path();
  }

  private static TreeRecord record(String name, String parent) {
    return new TreeRecord(
        id(name), "org.osbuild." + name, Optional.ofNullable(parent).map(TestIds::id));
  }

  @Test
  void committedTreeIsStoredUnderItsIdWithItsMetadata() throws Exception {
    try (FileStore store = open();
        Workspace workspace = store.newWorkspace(Optional.empty())) {
      Files.writeString(tree(workspace).resolve("hostname"), "demo\n");

      store.commit(workspace, record("hostname", "base"));

      assertThat(store.contains(id("hostname"))).isTrue();
      assertThat(store.contains(id("other"))).isFalse();
      StoredObject object = store.list().get(0);
      assertThat(object.id()).isEqualTo(id("hostname"));
      assertThat(object.stageName()).isEqualTo("org.osbuild.hostname");
      assertThat(object.parentId()).contains(id("base"));
      assertThat(object.sizeOnDisk()).isPositive();
      assertThat(
              Files.readString(
                  dir.resolve("store/objects").resolve(id("hostname")).resolve("tree/hostname")))
          .isEqualTo("demo\n");
    }
  }

  @Test
  void workspaceStaysUsableAfterACommitAndTheNextCommitHoldsBothStages() throws Exception {
    try (FileStore store = open();
        Workspace workspace = store.newWorkspace(Optional.empty())) {
      Files.writeString(tree(workspace).resolve("one"), "1");
      store.commit(workspace, record("one", null));
      Files.writeString(tree(workspace).resolve("two"), "2");
      store.commit(workspace, record("two", "one"));

      try (TreeLease first = store.read(id("one"));
          TreeLease second = store.read(id("two"))) {
        Path firstTree = ((TreeMount.Directory) first.mount()).path();
        Path secondTree = ((TreeMount.Directory) second.mount()).path();
        assertThat(firstTree.resolve("two")).doesNotExist();
        assertThat(secondTree.resolve("one")).hasContent("1");
        assertThat(secondTree.resolve("two")).hasContent("2");
      }
    }
  }

  @Test
  void workspaceFromAStoredTreeIsIndependentOfIt() throws Exception {
    try (FileStore store = open()) {
      try (Workspace first = store.newWorkspace(Optional.empty())) {
        Files.writeString(tree(first).resolve("file"), "stored");
        store.commit(first, record("stored", null));
      }
      try (Workspace second = store.newWorkspace(Optional.of(id("stored")))) {
        assertThat(tree(second).resolve("file")).hasContent("stored");
        Files.writeString(tree(second).resolve("file"), "changed");
        Files.writeString(tree(second).resolve("new"), "new");
      }
      try (TreeLease lease = store.read(id("stored"))) {
        Path stored = ((TreeMount.Directory) lease.mount()).path();
        assertThat(stored.resolve("file")).hasContent("stored");
        assertThat(stored.resolve("new")).doesNotExist();
      }
    }
  }

  @Test
  void commitKeepsModesSymlinksAndHardLinks() throws Exception {
    try (FileStore store = open();
        Workspace workspace = store.newWorkspace(Optional.empty())) {
      Path tree = tree(workspace);
      Path script = Files.writeString(tree.resolve("script"), "#!/bin/sh\n");
      Files.setAttribute(script, "unix:mode", 04750);
      // A link out of the tree, to a file that is no host's: the commit must keep it a link.
      Path decoy = Files.writeString(dir.resolve("decoy"), "decoy\n");
      Files.createSymbolicLink(tree.resolve("link"), decoy);
      Files.createLink(tree.resolve("hardlink"), script);
      store.commit(workspace, record("modes", null));

      Path stored = dir.resolve("store/objects").resolve(id("modes")).resolve("tree");
      assertThat((Integer) Files.getAttribute(stored.resolve("script"), "unix:mode") & 07777)
          .isEqualTo(04750);
      assertThat(Files.readSymbolicLink(stored.resolve("link"))).isEqualTo(decoy);
      assertThat(Files.isSameFile(stored.resolve("script"), stored.resolve("hardlink"))).isTrue();
    }
  }

  @Test
  void committingAnIdThatIsAlreadyStoredKeepsTheFirstTreeAndSucceeds() throws Exception {
    try (FileStore store = open()) {
      try (Workspace first = store.newWorkspace(Optional.empty())) {
        Files.writeString(tree(first).resolve("who"), "first");
        store.commit(first, record("same", null));
      }
      try (Workspace second = store.newWorkspace(Optional.empty())) {
        Files.writeString(tree(second).resolve("who"), "second");
        store.commit(second, record("same", null));
      }
      try (TreeLease lease = store.read(id("same"))) {
        assertThat(((TreeMount.Directory) lease.mount()).path().resolve("who")).hasContent("first");
      }
    }
  }

  @Test
  void readingATreeThatIsNotStoredNamesTheTreeAndTheStore() throws Exception {
    try (FileStore store = open()) {
      assertThatThrownBy(() -> store.read(id("missing")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(id("missing"))
          .hasMessageContaining(dir.resolve("store").toString());
    }
  }

  @Test
  void exportWritesTheWholeTreeToADirectory() throws Exception {
    try (FileStore store = open();
        Workspace workspace = store.newWorkspace(Optional.empty())) {
      Files.createDirectories(tree(workspace).resolve("etc"));
      Files.writeString(tree(workspace).resolve("etc/hostname"), "demo\n");
      store.commit(workspace, record("export", null));

      store.export(id("export"), dir.resolve("out"));

      assertThat(dir.resolve("out/etc/hostname")).hasContent("demo\n");
    }
  }

  @Test
  void closingTheStoreRemovesItsOpenWorkspaces() throws Exception {
    FileStore store = open();
    store.newWorkspace(Optional.empty());
    assertThat(dir.resolve("store/tmp")).isNotEmptyDirectory();

    store.close();

    assertThat(dir.resolve("store/tmp")).isEmptyDirectory();
  }

  @Test
  void treeIdsThatAreNotSha256AreRefusedSoTheyCannotNameOtherPaths() throws Exception {
    try (FileStore store = open()) {
      assertThatThrownBy(() -> store.contains("../../etc"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("64 lower-case hex");
    }
  }
}
