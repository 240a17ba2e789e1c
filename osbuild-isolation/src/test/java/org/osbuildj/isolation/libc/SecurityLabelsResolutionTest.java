package org.osbuildj.isolation.libc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.FileLabel;
import org.osbuildj.core.isolation.IsolationException;

/**
 * How {@link SecurityLabels} finds an entry in a hostile tree: never through a symlink. Every link
 * aims at a marker beside the tree in a fresh temporary directory. Needs no root: only opening with
 * {@code O_PATH} is tried here; {@link SecurityLabelsAsRootTest} writes labels.
 */
class SecurityLabelsResolutionTest {
  @TempDir Path scratch;
  private Path tree;
  private Path outside;

  @BeforeEach
  void hostileTree() throws Exception {
    tree = Files.createDirectory(scratch.resolve("tree"));
    outside = Files.createDirectory(scratch.resolve("outside"));
    Files.writeString(outside.resolve("marker"), "must stay unlabelled\n");
    Files.createDirectories(tree.resolve("etc"));
    Files.writeString(tree.resolve("etc/shadow"), "");
    Files.createSymbolicLink(tree.resolve("etc/to-marker"), outside.resolve("marker"));
    Files.createSymbolicLink(tree.resolve("escape"), Path.of("../outside"));
    Files.createSymbolicLink(tree.resolve("absolute-escape"), outside);
    Files.createSymbolicLink(tree.resolve("etc/inner"), Path.of("."));
  }

  private String opened(String path) throws Exception {
    int fd = SecurityLabels.openNoFollow(tree, FileLabel.of(path, "u:r:t"));
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
    } finally {
      LinuxCalls.close(fd);
    }
  }

  @Test
  void aSymlinkAsTheLastNameIsOpenedItselfNeverItsTarget() throws Exception {
    assertThat(opened("etc/to-marker")).isEqualTo(tree.resolve("etc/to-marker").toString());
    assertThat(opened("escape")).isEqualTo(tree.resolve("escape").toString());
    assertThat(opened("absolute-escape")).isEqualTo(tree.resolve("absolute-escape").toString());
  }

  @Test
  void plainEntriesAndTheRootAreOpenedWhereTheyAre() throws Exception {
    assertThat(opened("etc/shadow")).isEqualTo(tree.resolve("etc/shadow").toString());
    assertThat(opened("etc")).isEqualTo(tree.resolve("etc").toString());
    assertThat(opened("")).isEqualTo(tree.toString());
  }

  @Test
  void aSymlinkOnTheWayIsRefusedWhereverItPoints() {
    for (String path :
        new String[] {"escape/marker", "absolute-escape/marker", "etc/inner/shadow"}) {
      assertThatThrownBy(() -> opened(path))
          .as(path)
          .isInstanceOf(IsolationException.class)
          .hasMessageContaining("on its way is a symlink or no directory");
    }
  }

  @Test
  void aFileOnTheWayIsRefused() {
    assertThatThrownBy(() -> opened("etc/shadow/x"))
        .hasMessageContaining(
            "cannot label /etc/shadow/x: /etc/shadow on its way is a symlink or no directory");
  }

  @Test
  void aMissingEntryIsNamedWithTheError() {
    assertThatThrownBy(() -> opened("etc/missing"))
        .isInstanceOf(NativeCallException.class)
        .hasMessageContaining("open /etc/missing below " + tree + " to label /etc/missing: ENOENT")
        .hasMessageContaining("ENOENT");
  }
}
