package org.osbuildj.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.testing.TreeFixtures;

/**
 * Hostile trees: links and paths that would lead a naive resolver out of the tree.
 *
 * <p>Safety: these tests often run as root, and the resolver under test may be broken, so every
 * hostile link aims only at sacrificial targets: the decoy directory beside the tree in a fresh
 * temporary directory, with marker files of known content. An absolute link to {@code
 * <decoy>/passwd} means {@code <tree>/<decoy>/passwd} inside the tree, and a relative one climbs
 * out of the tree by exactly as many {@code ..} as lead a naive resolver into the decoy. After each
 * test the decoy must be unchanged and nothing new may have appeared beside the tree, so a
 * regression fails the test and never harms the machine. The one link to {@code /} is only
 * resolved, never written through.
 */
class TreeEscapeTest {
  @TempDir Path base;
  private Path root;
  private Path decoy;
  private Tree tree;
  private Map<String, String> decoyBefore;

  @BeforeEach
  void layOutTreeBesideADecoyDirectory() throws IOException {
    root = Files.createDirectory(base.resolve("tree"));
    decoy = Files.createDirectory(base.resolve("decoy"));
    Files.writeString(decoy.resolve("secret"), "decoy secret\n");
    Files.writeString(decoy.resolve("passwd"), "decoy:x:0:0:decoy:/:/bin/false\n");
    Files.writeString(decoy.resolve("os-release"), "ID=decoy\n");
    Files.createDirectory(decoy.resolve("dir"));
    Files.writeString(decoy.resolve("dir/keep"), "keep\n");
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:tree:/root:/bin/sh\n");
    tree = Tree.at(root);
    decoyBefore = TreeFixtures.snapshot(decoy);
  }

  @AfterEach
  void theDecoyIsUntouchedAndNothingAppearedBesideTheTree() throws IOException {
    assertThat(TreeFixtures.snapshot(decoy)).as("the decoy beside the tree").isEqualTo(decoyBefore);
    try (Stream<Path> names = Files.list(base)) {
      assertThat(names.map(p -> p.getFileName().toString()).sorted())
          .as("the directory holding the tree and the decoy")
          .containsExactly("decoy", "tree");
    }
  }

  /** Where an absolute link to {@code hostPath} leads inside the tree. */
  private Path inTree(Path hostPath) {
    return root.resolve(root.getRoot().relativize(hostPath));
  }

  @Test
  void aLinkToSlashResolvesToTheTreeRoot() throws IOException {
    // Resolved and read only, never written through: on the host this would be the real /.
    Files.createSymbolicLink(root.resolve("hostroot"), Path.of("/"));

    assertThat(tree.resolve("/hostroot")).isEqualTo(root);
    assertThat(tree.resolve("/hostroot/etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
    assertThat(tree.readString("/hostroot/etc/passwd"))
        .isEqualTo("root:x:0:0:tree:/root:/bin/sh\n");
    assertThat(tree.list("/hostroot")).containsExactly("etc", "hostroot");
  }

  @Test
  void anAbsoluteLinkToTheDirectoryAboveTheTreeLeadsToThatPathInsideTheTree() throws IOException {
    Files.createSymbolicLink(root.resolve("up"), base);
    Files.createDirectories(inTree(base));

    tree.writeString("/up/written", "inside\n");
    tree.createDirectories("/up/decoy/dir");
    tree.writeString("/up/decoy/dir/keep", "overwritten?\n");

    assertThat(inTree(base).resolve("written")).hasContent("inside");
    assertThat(inTree(decoy).resolve("dir/keep")).hasContent("overwritten?");
    assertThat(tree.list("/up")).containsExactly("decoy", "written");
  }

  @Test
  void aLinkToADecoyFileReadsAndWritesTheTreesFileAtThatPath() throws IOException {
    Files.createDirectories(inTree(decoy));
    Files.writeString(inTree(decoy).resolve("passwd"), "root:x:0:0:tree:/root:/bin/sh\n");
    Files.createSymbolicLink(root.resolve("passwd-link"), decoy.resolve("passwd"));

    assertThat(tree.readString("passwd-link")).isEqualTo("root:x:0:0:tree:/root:/bin/sh\n");
    tree.writeString("passwd-link", "changed\n");

    assertThat(inTree(decoy).resolve("passwd")).hasContent("changed");
  }

  @Test
  void relativeChainOfDotDotsStopsAtTheTreeRoot() throws IOException {
    Files.createDirectories(root.resolve("a/b/c"));
    Files.createDirectories(root.resolve("decoy"));
    // Four ".." from a/b/c: on the host, the directory holding the tree and the decoy.
    Files.createSymbolicLink(root.resolve("a/b/c/up"), Path.of("../../../../decoy/secret"));

    tree.writeString("a/b/c/up", "written\n");

    assertThat(root.resolve("decoy/secret")).hasContent("written");
    assertThat(tree.resolve("a/b/c/up")).isEqualTo(root.resolve("decoy/secret"));
  }

  @Test
  void dotDotInTheGivenPathStopsAtTheTreeRoot() throws IOException {
    assertThat(tree.resolve("../etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
    assertThat(tree.resolve("/etc/../../decoy/secret")).isEqualTo(root.resolve("decoy/secret"));
    assertThat(tree.resolve("..")).isEqualTo(root);

    assertThatThrownBy(() -> tree.writeString("../decoy/secret", "x"))
        .isInstanceOf(NoSuchFileException.class);
    tree.createDirectories("../decoy/new");
    assertThat(root.resolve("decoy/new")).isDirectory();
  }

  @Test
  void absoluteHostPathInALinkIsTakenInsideTheTree() throws IOException {
    Files.createSymbolicLink(root.resolve("etc/hostname"), decoy.resolve("secret"));

    assertThatThrownBy(() -> tree.writeString("/etc/hostname", "demo\n"))
        .as("the link's directories do not exist inside the tree")
        .isInstanceOf(NoSuchFileException.class);

    Files.createDirectories(inTree(decoy));
    tree.writeString("/etc/hostname", "demo\n");
    assertThat(inTree(decoy).resolve("secret")).hasContent("demo");
    assertThat(root.resolve("etc/hostname")).isSymbolicLink();
  }

  @Test
  void danglingAbsoluteLinkIsWrittenThroughInsideTheTree() throws IOException {
    Files.createDirectories(inTree(decoy));
    Files.createSymbolicLink(root.resolve("etc/os-release"), decoy.resolve("os-release"));

    tree.writeString("/etc/os-release", "ID=demo\n");

    assertThat(inTree(decoy).resolve("os-release")).hasContent("ID=demo");
  }

  @Test
  void danglingLinkToAMissingDirectoryCreatesNothing() throws IOException {
    Files.createSymbolicLink(root.resolve("etc/motd"), decoy.resolve("missing/motd"));

    assertThatThrownBy(() -> tree.writeString("/etc/motd", "hello\n"))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(root.resolve(root.getRoot().relativize(base).getName(0))).doesNotExist();
  }

  @Test
  void linkInTheMiddleOfAPathIsResolvedInsideTheTree() throws IOException {
    Files.createDirectories(inTree(decoy).resolve("dir"));
    Files.createSymbolicLink(root.resolve("config"), decoy.resolve("dir"));

    tree.writeString("/config/hostname", "demo\n");

    assertThat(inTree(decoy).resolve("dir/hostname")).hasContent("demo");
  }

  @Test
  void linkToTheDecoyDirectoryInTheMiddleNeverReachesIt() throws IOException {
    Files.createSymbolicLink(root.resolve("var"), decoy);

    tree.createDirectories("/var/lib/apt", 0755);
    tree.createDirectories("/var/dir");
    tree.writeString("/var/dir/keep", "overwritten?\n");

    assertThat(inTree(decoy).resolve("lib/apt")).isDirectory();
    assertThat(inTree(decoy).resolve("dir/keep")).hasContent("overwritten?");
  }

  @Test
  void linksAreStillFollowedInsideTheTreeAfterDotDotOutOfAMissingOrPlainName() throws IOException {
    Files.createSymbolicLink(root.resolve("var"), decoy);
    Path mirrored = Files.createDirectories(inTree(decoy));

    tree.writeString("/missing/deeper/../../var/secret", "via missing\n");
    assertThat(mirrored.resolve("secret")).hasContent("via missing");

    tree.writeString("/etc/passwd/../../var/secret", "via a file\n");
    assertThat(mirrored.resolve("secret")).hasContent("via a file");
    assertThat(tree.resolve("/missing/../var/dir/keep")).isEqualTo(mirrored.resolve("dir/keep"));
  }

  @Test
  void namesBelowAPlainFileAreNotLookedUpAndFailOnUse() throws IOException {
    assertThat(tree.resolve("/etc/passwd/x")).isEqualTo(root.resolve("etc/passwd/x"));
    assertThat(tree.exists("/etc/passwd/x")).isFalse();
    assertThatThrownBy(() -> tree.writeString("/etc/passwd/x", "x"))
        .isInstanceOf(FileSystemException.class);
  }

  @Test
  @Timeout(10)
  void linkLoopFailsWithAClearErrorInsteadOfHanging() throws IOException {
    // A loop inside the tree through an absolute link: on the host, decoy/ping does not exist.
    Path loop = Files.createDirectories(inTree(decoy));
    Files.createSymbolicLink(loop.resolve("ping"), Path.of("pong"));
    Files.createSymbolicLink(loop.resolve("pong"), decoy.resolve("ping"));
    Files.createSymbolicLink(root.resolve("ping"), decoy.resolve("ping"));
    Files.createSymbolicLink(root.resolve("deeper"), Path.of("deeper/x"));

    assertThatThrownBy(() -> tree.resolve("/ping"))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining("/ping")
        .hasMessageContaining("too many levels of symbolic links");
    assertThatThrownBy(() -> tree.writeString("/deeper", "x"))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining("too many levels of symbolic links");
  }

  @Test
  void loopOnTheLastComponentIsHarmlessWhenNotFollowed() throws IOException {
    Files.createSymbolicLink(root.resolve("self"), Path.of("self"));

    assertThat(tree.resolveNoFollow("/self")).isEqualTo(root.resolve("self"));
    assertThat(tree.isSymbolicLink("/self")).isTrue();
    assertThat(tree.delete("/self")).isTrue();
    assertThat(root.resolve("self")).doesNotExist();
  }

  @Test
  void deletingRecursivelyRemovesLinksButNotWhatTheyPointTo() throws IOException {
    Files.createDirectories(root.resolve("var/cache"));
    Files.createSymbolicLink(root.resolve("var/cache/absolute"), decoy.resolve("dir"));
    // Three ".." from var/cache: on the host, the directory holding the decoy.
    Files.createSymbolicLink(root.resolve("var/cache/relative"), Path.of("../../../decoy/dir"));
    Files.createSymbolicLink(root.resolve("var/cache/file"), decoy.resolve("secret"));

    assertThat(tree.deleteRecursively("/var")).isTrue();

    assertThat(root.resolve("var")).doesNotExist();
  }

  @Test
  void deletingALinkToTheDecoyDirectoryDeletesOnlyTheLink() throws IOException {
    Files.createSymbolicLink(root.resolve("tmp"), decoy);

    assertThat(tree.deleteRecursively("/tmp")).isTrue();

    assertThat(root.resolve("tmp")).doesNotExist();
  }

  @Test
  void theTreeRootCannotBeDeletedByAnyName() throws IOException {
    Files.createSymbolicLink(root.resolve("up"), Path.of(".."));

    assertThatThrownBy(() -> tree.deleteRecursively("/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("root of the tree");
    assertThatThrownBy(() -> tree.deleteRecursively("../.."))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.delete("up/.")).isInstanceOf(IllegalArgumentException.class);
    assertThat(root.resolve("etc/passwd")).exists();
    assertThat(root.resolve("up")).isSymbolicLink();
  }

  @Test
  void permissionsThroughALinkToADecoyFileChangeTheTreesFile() throws IOException {
    Files.createDirectories(inTree(decoy));
    Files.writeString(inTree(decoy).resolve("secret"), "copy\n");
    Files.createSymbolicLink(root.resolve("etc/shadow"), decoy.resolve("secret"));

    tree.setPermissions("/etc/shadow", 0600);

    assertThat(Files.getAttribute(inTree(decoy).resolve("secret"), "unix:mode")).isEqualTo(0100600);
  }

  @Test
  void timesOfALinkToADecoyFileChangeOnlyTheLink() throws IOException {
    Files.createSymbolicLink(root.resolve("etc/shadow"), decoy.resolve("secret"));

    tree.setLastModifiedTime("/etc/shadow", java.time.Instant.ofEpochSecond(1_000_000_000));

    assertThat(
            Files.getLastModifiedTime(root.resolve("etc/shadow"), LinkOption.NOFOLLOW_LINKS)
                .toInstant())
        .isEqualTo(java.time.Instant.ofEpochSecond(1_000_000_000));
  }

  @Test
  @Tag("root")
  void ownerOfALinkToADecoyFileChangesOnlyTheLink() throws IOException {
    Assumptions.assumeTrue(
        TreeFixtures.runningAsRoot(),
        "changing a file's owner to another user needs root; run the tests as root to include this one");
    Files.createSymbolicLink(root.resolve("etc/shadow"), decoy.resolve("secret"));

    tree.setOwner("/etc/shadow", 4321, 4322);

    assertThat(
            Files.getAttribute(root.resolve("etc/shadow"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(4321);
    assertThat(
            Files.getAttribute(root.resolve("etc/shadow"), "unix:gid", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(4322);
  }

  @Test
  void aNewLinkMayPointAnywhereWithoutBeingFollowedOnCreation() throws IOException {
    tree.symlink("/etc/escape", decoy.resolve("secret").toString());
    // Two ".." from etc: on the host, the directory holding the decoy.
    tree.symlink("/etc/rel", "../../decoy/dir");

    assertThat(Files.readSymbolicLink(root.resolve("etc/escape")))
        .isEqualTo(decoy.resolve("secret"));
    assertThat(Files.readSymbolicLink(root.resolve("etc/rel")))
        .isEqualTo(Path.of("../../decoy/dir"));
    assertThatThrownBy(() -> tree.readString("/etc/escape"))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(tree.exists("/etc/rel")).isFalse();
    assertThat(List.of(tree.isSymbolicLink("/etc/escape"), tree.isSymbolicLink("/etc/rel")))
        .containsExactly(true, true);
  }
}
