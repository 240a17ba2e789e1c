package org.osbuildj.isolation.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.tree.Tree;
import org.osbuildj.isolation.testing.RootTest;

/**
 * A stage's Java code deletes through {@link Tree} on the sandbox thread (file-system ids switched
 * to the sandbox root's host ids, the tree an id-mapped mount): read-only and unreadable
 * directories go, a link to a host directory is deleted, not followed, and the rest of the tree
 * stays.
 */
@RootTest
class TreeDeletionInSandboxTest {
  @TempDir Path scratch;

  @Test
  void aStageDeletesReadOnlyAndUnreadableDirectoriesOfItsTreeAndOnlyThose() throws Exception {
    Path tree = Files.createDirectories(scratch.resolve("tree"));
    Path outside = Files.createDirectories(scratch.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "keep\n");
    Files.createDirectories(tree.resolve("usr/share/locked"));
    Files.writeString(tree.resolve("usr/share/locked/file"), "x\n");
    Files.writeString(tree.resolve("usr/share/file"), "y\n");
    Files.createSymbolicLink(tree.resolve("usr/share/host"), outside);
    Files.setAttribute(
        tree.resolve("usr/share/locked"), "unix:mode", 0000, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(tree.resolve("usr/share"), "unix:mode", 0555, LinkOption.NOFOLLOW_LINKS);
    Files.createDirectories(tree.resolve("etc"));

    boolean deleted =
        NamespaceIsolation.create()
            .run(
                SandboxSpec.forStage(new TreeMount.Directory(tree), line -> {}),
                sandbox -> Tree.at(sandbox.tree()).deleteRecursively("/usr/share"));

    assertThat(deleted).isTrue();
    assertThat(tree.resolve("usr")).isEmptyDirectory();
    assertThat(Files.getAttribute(tree.resolve("usr"), "unix:mode", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(040755);
    assertThat(tree.resolve("etc")).isDirectory();
    assertThat(outside.resolve("keep")).hasContent("keep");
  }
}
