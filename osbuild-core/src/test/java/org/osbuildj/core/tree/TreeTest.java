package org.osbuildj.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.testing.TreeFixtures;

class TreeTest {
  @TempDir Path root;

  private static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  @Test
  void absoluteAndRelativePathsNameTheSameFile() throws IOException {
    Tree tree = Tree.at(root);

    assertThat(tree.resolve("/etc/hostname")).isEqualTo(root.resolve("etc/hostname"));
    assertThat(tree.resolve("etc//./hostname")).isEqualTo(root.resolve("etc/hostname"));
    assertThat(tree.resolve("/")).isEqualTo(root);
  }

  @Test
  void emptyPathsAndPathsWithNulAreRefusedByName() {
    Tree tree = Tree.at(root);

    assertThatThrownBy(() -> tree.resolve(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> tree.writeString("/etc/host\0name", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/etc/host\\0name")
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> tree.symlink("/etc/localtime", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(root).isEmptyDirectory();
  }

  @Test
  void writtenStringsAreReadBackAsUtf8() throws IOException {
    Tree tree = Tree.at(root);
    tree.createDirectories("/etc");

    tree.writeString("/etc/motd", "grüß dich\n");

    assertThat(tree.readString("/etc/motd")).isEqualTo("grüß dich\n");
    assertThat(tree.readBytes("/etc/motd"))
        .isEqualTo("grüß dich\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void newFilesGetMode0644WhateverTheUmaskAndExistingFilesKeepTheirs() throws IOException {
    Tree tree = Tree.at(root);
    tree.writeString("/new", "x");
    Files.writeString(root.resolve("old"), "x");
    Files.setAttribute(root.resolve("old"), "unix:mode", 0640);

    tree.writeString("/old", "longer content");

    assertThat(mode(root.resolve("new"))).isEqualTo(0644);
    assertThat(mode(root.resolve("old"))).isEqualTo(0640);
    assertThat(root.resolve("old")).hasContent("longer content");
  }

  @Test
  void writingWithAModeSetsItAlsoOnAnExistingFile() throws IOException {
    Tree tree = Tree.at(root);
    tree.writeString("/key", "old");

    tree.writeBytes("/key", new byte[] {1, 2}, 0600);

    assertThat(mode(root.resolve("key"))).isEqualTo(0600);
    assertThat(root.resolve("key")).hasBinaryContent(new byte[] {1, 2});
  }

  @Test
  void writingNeedsTheParentDirectory() {
    Tree tree = Tree.at(root);

    assertThatThrownBy(() -> tree.writeString("/etc/hostname", "x"))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void missingDirectoriesAreCreatedWithTheModeAndExistingOnesKeepTheirs() throws IOException {
    Tree tree = Tree.at(root);
    Files.createDirectory(root.resolve("var"));
    Files.setAttribute(root.resolve("var"), "unix:mode", 0750);

    tree.createDirectories("/var/lib/private", 0700);
    tree.createDirectories("/var/lib/private", 0777);
    tree.createDirectories("/");

    assertThat(mode(root.resolve("var"))).isEqualTo(0750);
    assertThat(mode(root.resolve("var/lib"))).isEqualTo(0700);
    assertThat(mode(root.resolve("var/lib/private"))).isEqualTo(0700);
  }

  @Test
  void creatingDirectoriesThroughAFileFails() throws IOException {
    Tree tree = Tree.at(root);
    tree.writeString("/etc", "not a directory");

    assertThatThrownBy(() -> tree.createDirectories("/etc/default"))
        .isInstanceOf(NotDirectoryException.class)
        .hasMessageContaining("/etc/default");
  }

  @Test
  void symlinkTargetsAreStoredAsGivenAndFollowedInsideTheTree() throws IOException {
    Tree tree = Tree.at(root);
    tree.createDirectories("/usr/share/zoneinfo/Europe");
    tree.writeString("/usr/share/zoneinfo/Europe/Berlin", "TZif");
    tree.createDirectories("/etc");

    tree.symlink("/etc/localtime", "../usr/share/zoneinfo/Europe/Berlin");

    assertThat(Files.readSymbolicLink(root.resolve("etc/localtime")))
        .hasToString("../usr/share/zoneinfo/Europe/Berlin");
    assertThat(tree.readSymbolicLink("/etc/localtime"))
        .isEqualTo("../usr/share/zoneinfo/Europe/Berlin");
    assertThat(tree.readString("/etc/localtime")).isEqualTo("TZif");
    assertThat(tree.isSymbolicLink("/etc/localtime")).isTrue();
    assertThat(tree.isRegularFile("/etc/localtime")).isTrue();
  }

  @Test
  void aSymlinkIsNotCreatedOverAnExistingEntry() throws IOException {
    Tree tree = Tree.at(root);
    tree.symlink("/dangling", "/nowhere");

    assertThatThrownBy(() -> tree.symlink("/dangling", "/elsewhere"))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(tree.readSymbolicLink("/dangling")).isEqualTo("/nowhere");
  }

  @Test
  void existenceFollowsLinksButLinkChecksDoNot() throws IOException {
    Tree tree = Tree.at(root);
    tree.symlink("/dangling", "/nowhere");
    tree.createDirectories("/dir");
    tree.symlink("/dirlink", "dir");

    assertThat(tree.exists("/dangling")).isFalse();
    assertThat(tree.isSymbolicLink("/dangling")).isTrue();
    assertThat(tree.isDirectory("/dirlink")).isTrue();
    assertThat(tree.exists("/missing")).isFalse();
  }

  @Test
  void listingGivesSortedNames() throws IOException {
    Tree tree = Tree.at(root);
    tree.writeString("/b", "");
    tree.writeString("/a", "");
    tree.createDirectories("/c");
    tree.symlink("/0", "/nowhere");

    assertThat(tree.list("/")).containsExactly("0", "a", "b", "c");
  }

  @Test
  void deleteRemovesFilesAndEmptyDirectoriesAndReportsWhetherAnythingWasThere() throws IOException {
    Tree tree = Tree.at(root);
    tree.createDirectories("/a/b");
    tree.writeString("/a/b/f", "x");

    assertThatThrownBy(() -> tree.delete("/a")).isInstanceOf(DirectoryNotEmptyException.class);
    assertThat(tree.delete("/a/b/f")).isTrue();
    assertThat(tree.delete("/a/b/f")).isFalse();
    assertThat(tree.deleteRecursively("/a")).isTrue();
    assertThat(tree.deleteRecursively("/a")).isFalse();
    assertThat(root).isEmptyDirectory();
  }

  @Test
  void permissionsIncludeSetuidSetgidAndStickyBits() throws IOException {
    Tree tree = Tree.at(root);
    tree.writeString("/su", "");
    tree.createDirectories("/tmp");

    tree.setPermissions("/su", 04755);
    tree.setPermissions("/tmp", 01777);

    assertThat(mode(root.resolve("su"))).isEqualTo(04755);
    assertThat(mode(root.resolve("tmp"))).isEqualTo(01777);
    assertThatThrownBy(() -> tree.setPermissions("/su", 010000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("010000");
  }

  @Test
  void ownerCanBeSetToTheCurrentUserOnFilesAndLinks() throws IOException {
    Tree tree = Tree.at(root);
    tree.writeString("/f", "");
    tree.symlink("/l", "/f");
    int uid = (Integer) Files.getAttribute(root, "unix:uid");
    int gid = (Integer) Files.getAttribute(root, "unix:gid");

    tree.setOwner("/l", uid, gid);
    tree.setOwner("/f", uid, gid);

    assertThat(Files.getAttribute(root.resolve("l"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(uid);
  }

  @Test
  void modificationTimeOfADanglingLinkIsSetWithoutCreatingItsTarget() throws IOException {
    Tree tree = Tree.at(root);
    tree.symlink("/dangling", "/nowhere");
    tree.writeString("/file", "");

    tree.setLastModifiedTime("/dangling", Instant.ofEpochSecond(1_700_000_000));
    tree.setLastModifiedTime("/file", Instant.ofEpochSecond(1_600_000_000));

    assertThat(
            Files.getLastModifiedTime(root.resolve("dangling"), LinkOption.NOFOLLOW_LINKS)
                .toInstant())
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000));
    assertThat(Files.getLastModifiedTime(root.resolve("file")).toInstant())
        .isEqualTo(Instant.ofEpochSecond(1_600_000_000));
    assertThat(root.resolve("nowhere")).doesNotExist();
  }

  @Test
  void aReadOnlyTreeRefusesEveryWriteAndChangesNothing() throws IOException {
    Files.createDirectory(root.resolve("etc"));
    Files.writeString(root.resolve("etc/hostname"), "demo\n");
    var before = TreeFixtures.snapshot(root);
    Tree tree = Tree.readOnlyAt(root);

    assertThat(tree.readString("/etc/hostname")).isEqualTo("demo\n");
    assertThat(tree.isReadOnly()).isTrue();
    assertThatThrownBy(() -> tree.writeString("/etc/hostname", "x"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("read-only");
    assertThatThrownBy(() -> tree.createDirectories("/var"))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> tree.symlink("/l", "x")).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> tree.delete("/etc/hostname"))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> tree.deleteRecursively("/etc"))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> tree.setPermissions("/etc", 0700))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> tree.setOwner("/etc", 0, 0)).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> tree.setLastModifiedTime("/etc", Instant.EPOCH))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(TreeFixtures.snapshot(root)).isEqualTo(before);
  }

  @Test
  void theRootIsKeptAbsolute() {
    assertThat(Tree.at(Path.of("relative/tree")).root())
        .isAbsolute()
        .hasToString(Path.of("").toAbsolutePath() + "/relative/tree");
  }
}
