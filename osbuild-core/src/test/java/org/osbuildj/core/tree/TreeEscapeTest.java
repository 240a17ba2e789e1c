package org.osbuildj.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.core.testing.TreeFixtures.HostWatch;

/**
 * Hostile trees: links and paths that would lead a naive resolver out of the tree. Every test
 * checks afterwards that the directory beside the tree and the host's own files are untouched;
 * these tests often run as root, where an escape would really write to the host.
 */
class TreeEscapeTest {
  @TempDir Path base;
  private Path root;
  private Path outside;
  private Tree tree;
  private Map<String, String> outsideBefore;
  private HostWatch host;
  private String hostOnlyName;

  @BeforeEach
  void layOutTreeBesideAnOutsideDirectory() throws IOException {
    root = Files.createDirectory(base.resolve("tree"));
    outside = Files.createDirectory(base.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "outside\n");
    Files.createDirectory(outside.resolve("dir"));
    Files.writeString(outside.resolve("dir/keep"), "keep\n");
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:tree:/root:/bin/sh\n");
    tree = Tree.at(root);
    outsideBefore = TreeFixtures.snapshot(outside);
    host = HostWatch.take();
    hostOnlyName = TreeFixtures.uniqueName("osbuildj-escape");
  }

  @AfterEach
  void nothingOutsideTheTreeChanged() {
    assertThat(TreeFixtures.snapshot(outside))
        .as("the directory beside the tree")
        .isEqualTo(outsideBefore);
    assertThat(Path.of("/" + hostOnlyName)).as("a file in the host's /").doesNotExist();
    host.assertUnchanged();
  }

  @Test
  void linkToSlashLeadsToTheTreeRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("hostroot"), Path.of("/"));

    tree.writeString("/hostroot/" + hostOnlyName, "inside\n");

    assertThat(tree.resolve("/hostroot/etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
    assertThat(root.resolve(hostOnlyName)).hasContent("inside");
    assertThat(tree.list("/hostroot")).containsExactly("etc", "hostroot", hostOnlyName);
  }

  @Test
  void linkToTheHostPasswdReadsAndWritesTheTreesPasswd() throws IOException {
    Files.createSymbolicLink(root.resolve("passwd-link"), Path.of("/etc/passwd"));

    assertThat(tree.readString("passwd-link")).contains(":tree:");
    tree.writeString("passwd-link", "changed\n");

    assertThat(root.resolve("etc/passwd")).hasContent("changed");
  }

  @Test
  void relativeChainOfDotDotsStopsAtTheTreeRoot() throws IOException {
    Files.createDirectories(root.resolve("a/b/c"));
    Files.createDirectories(root.resolve("outside"));
    Files.createSymbolicLink(
        root.resolve("a/b/c/up"), Path.of("../../../../../../../outside/secret"));

    tree.writeString("a/b/c/up", "written\n");

    assertThat(root.resolve("outside/secret")).hasContent("written");
    assertThat(tree.resolve("a/b/c/up")).isEqualTo(root.resolve("outside/secret"));
  }

  @Test
  void dotDotInTheGivenPathStopsAtTheTreeRoot() throws IOException {
    assertThat(tree.resolve("../../../../etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
    assertThat(tree.resolve("/etc/../../outside/secret")).isEqualTo(root.resolve("outside/secret"));
    assertThat(tree.resolve("..")).isEqualTo(root);

    assertThatThrownBy(() -> tree.writeString("../outside/secret", "x"))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void absoluteHostPathInALinkIsTakenInsideTheTree() throws IOException {
    Files.createSymbolicLink(root.resolve("etc/hostname"), outside.resolve("secret"));

    assertThatThrownBy(() -> tree.writeString("/etc/hostname", "demo\n"))
        .as("the link's directories do not exist inside the tree")
        .isInstanceOf(NoSuchFileException.class);

    Files.createDirectories(root.resolve(root.getRoot().relativize(outside)));
    tree.writeString("/etc/hostname", "demo\n");
    assertThat(root.resolve(root.getRoot().relativize(outside)).resolve("secret"))
        .hasContent("demo");
    assertThat(root.resolve("etc/hostname")).isSymbolicLink();
  }

  @Test
  void danglingAbsoluteLinkIsWrittenThroughInsideTheTree() throws IOException {
    Files.createDirectories(root.resolve("usr/lib"));
    Files.createSymbolicLink(root.resolve("etc/os-release"), Path.of("/usr/lib/os-release"));

    tree.writeString("/etc/os-release", "ID=demo\n");

    assertThat(root.resolve("usr/lib/os-release")).hasContent("ID=demo");
  }

  @Test
  void danglingLinkToAMissingHostDirectoryCreatesNothing() throws IOException {
    Files.createSymbolicLink(root.resolve("etc/motd"), Path.of("/" + hostOnlyName + "/motd"));

    assertThatThrownBy(() -> tree.writeString("/etc/motd", "hello\n"))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(root.resolve(hostOnlyName)).doesNotExist();
  }

  @Test
  void linkInTheMiddleOfAPathIsResolvedInsideTheTree() throws IOException {
    Files.createDirectory(root.resolve("host-etc"));
    Files.createSymbolicLink(root.resolve("config"), Path.of("/host-etc"));

    tree.writeString("/config/hostname", "demo\n");

    assertThat(root.resolve("host-etc/hostname")).hasContent("demo");
  }

  @Test
  void linkToAnOutsideDirectoryInTheMiddleNeverReachesIt() throws IOException {
    Files.createSymbolicLink(root.resolve("var"), outside);

    tree.createDirectories("/var/lib/apt", 0755);
    tree.createDirectories("/var/dir");
    tree.writeString("/var/dir/keep", "overwritten?\n");

    Path mirrored = root.resolve(root.getRoot().relativize(outside));
    assertThat(mirrored.resolve("lib/apt")).isDirectory();
    assertThat(mirrored.resolve("dir/keep")).hasContent("overwritten?");
  }

  @Test
  void linksAreStillFollowedInsideTheTreeAfterDotDotOutOfAMissingOrPlainName() throws IOException {
    Files.createSymbolicLink(root.resolve("var"), outside);
    Files.createDirectories(root.resolve(root.getRoot().relativize(outside)));
    Path mirrored = root.resolve(root.getRoot().relativize(outside));

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
    Files.createSymbolicLink(root.resolve("ping"), Path.of("pong"));
    Files.createSymbolicLink(root.resolve("pong"), Path.of("/ping"));
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
    Files.createSymbolicLink(root.resolve("var/cache/hostdir"), outside.resolve("dir"));
    Files.createSymbolicLink(root.resolve("var/cache/relative"), Path.of("../../../outside/dir"));
    Files.createSymbolicLink(root.resolve("var/cache/hostfile"), outside.resolve("secret"));

    assertThat(tree.deleteRecursively("/var")).isTrue();

    assertThat(root.resolve("var")).doesNotExist();
  }

  @Test
  void deletingALinkToAnOutsideDirectoryDeletesOnlyTheLink() throws IOException {
    Files.createSymbolicLink(root.resolve("tmp"), outside);

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
  void permissionsThroughALinkToAHostFileChangeTheTreesFile() throws IOException {
    Files.createDirectories(root.resolve(root.getRoot().relativize(outside)));
    Files.writeString(root.resolve(root.getRoot().relativize(outside)).resolve("secret"), "copy\n");
    Files.createSymbolicLink(root.resolve("etc/shadow"), outside.resolve("secret"));

    tree.setPermissions("/etc/shadow", 0600);

    assertThat(
            Files.getAttribute(
                root.resolve(root.getRoot().relativize(outside)).resolve("secret"), "unix:mode"))
        .isEqualTo(0100600);
  }

  @Test
  void timesOfALinkToAHostFileChangeOnlyTheLink() throws IOException {
    Files.createSymbolicLink(root.resolve("etc/shadow"), outside.resolve("secret"));

    tree.setLastModifiedTime("/etc/shadow", java.time.Instant.ofEpochSecond(1_000_000_000));

    assertThat(
            Files.getLastModifiedTime(root.resolve("etc/shadow"), LinkOption.NOFOLLOW_LINKS)
                .toInstant())
        .isEqualTo(java.time.Instant.ofEpochSecond(1_000_000_000));
  }

  @Test
  @Tag("root")
  void ownerOfALinkToAHostFileChangesOnlyTheLink() throws IOException {
    Assumptions.assumeTrue(
        TreeFixtures.runningAsRoot(),
        "changing a file's owner to another user needs root; run the tests as root to include this one");
    Files.createSymbolicLink(root.resolve("etc/shadow"), outside.resolve("secret"));

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
    tree.symlink("/etc/escape", outside.resolve("secret").toString());
    tree.symlink("/etc/rel", "../../../../outside/dir");

    assertThat(Files.readSymbolicLink(root.resolve("etc/escape")))
        .isEqualTo(outside.resolve("secret"));
    assertThatThrownBy(() -> tree.readString("/etc/escape"))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(tree.exists("/etc/rel")).isFalse();
  }
}
