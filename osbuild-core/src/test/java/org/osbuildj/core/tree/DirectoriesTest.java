package org.osbuildj.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.host.Host;
import org.osbuildj.core.testing.TreeFixtures;

/**
 * The one recursive delete, as whatever user runs the tests: links are removed, never followed, and
 * directories without write or read permission are no obstacle. {@link DirectoriesAsRootTest}
 * repeats the permission cases as an unprivileged user when the tests run as root.
 */
class DirectoriesTest {
  @TempDir Path base;
  private Path tree;
  private Path outside;
  private Map<String, String> outsideBefore;

  @BeforeEach
  void layOutATreeBesideAnOutsideDirectory() throws IOException {
    tree = Files.createDirectory(base.resolve("tree"));
    outside = Files.createDirectory(base.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "outside\n");
    Files.createDirectory(outside.resolve("dir"));
    Files.writeString(outside.resolve("dir/keep"), "keep\n");
    outsideBefore = TreeFixtures.snapshot(outside);
  }

  @Test
  void deletesFilesLinksAndDirectoriesAtEveryDepthAndSaysWhetherThereWasAnything()
      throws IOException {
    Files.createDirectories(tree.resolve("usr/share/doc/empty"));
    Files.writeString(tree.resolve("usr/share/doc/README"), "read me\n");
    Files.createSymbolicLink(tree.resolve("usr/share/dangling"), outside.resolve("no/such/file"));
    Files.createLink(tree.resolve("usr/hardlink"), tree.resolve("usr/share/doc/README"));

    assertThat(Directories.deleteRecursively(tree)).isTrue();
    assertThat(Directories.deleteRecursively(tree)).isFalse();

    assertThat(tree).doesNotExist();
    assertThat(base.resolve("outside")).exists();
  }

  @Test
  void aSingleFileOrLinkIsDeletedItself() throws IOException {
    Path file = Files.writeString(tree.resolve("file"), "x\n");
    Path link = Files.createSymbolicLink(tree.resolve("link"), outside);

    assertThat(Directories.deleteRecursively(file)).isTrue();
    assertThat(Directories.deleteRecursively(link)).isTrue();

    assertThat(tree).isEmptyDirectory();
    assertThat(TreeFixtures.snapshot(outside)).isEqualTo(outsideBefore);
  }

  @Test
  void linksToDirectoriesAndFilesOutsideAreDeletedNeverFollowed() throws IOException {
    Files.createDirectories(tree.resolve("var/cache"));
    Files.createSymbolicLink(tree.resolve("var/cache/absolute"), outside.resolve("dir"));
    Files.createSymbolicLink(tree.resolve("var/cache/relative"), Path.of("../../../outside/dir"));
    Files.createSymbolicLink(tree.resolve("var/cache/file"), outside.resolve("secret"));
    Files.createSymbolicLink(tree.resolve("var/up"), Path.of(".."));

    assertThat(Directories.deleteRecursively(tree)).isTrue();

    assertThat(tree).doesNotExist();
    assertThat(TreeFixtures.snapshot(outside)).isEqualTo(outsideBefore);
  }

  @Test
  void aLinkNamedAsTheTreeIsDeletedAndItsTargetKept() throws IOException {
    Path link = Files.createSymbolicLink(base.resolve("link-to-outside"), outside);

    assertThat(Directories.deleteRecursively(link)).isTrue();

    assertThat(link).doesNotExist();
    assertThat(TreeFixtures.snapshot(outside)).isEqualTo(outsideBefore);
  }

  @Test
  void directoriesThatCannotBeWrittenReadOrSearchedAreDeletedAll() throws IOException {
    for (String dir :
        new String[] {"ro", "ro/none", "ro/none/listonly", "ro/none/listonly/searchonly"}) {
      Files.createDirectory(tree.resolve(dir));
      Files.writeString(tree.resolve(dir).resolve("file"), dir + "\n");
    }
    mode(tree.resolve("ro/none/listonly/searchonly"), 0111);
    mode(tree.resolve("ro/none/listonly"), 0444);
    mode(tree.resolve("ro/none"), 0000);
    mode(tree.resolve("ro"), 0555);
    mode(tree, 0555);

    assertThat(Directories.deleteRecursively(tree)).isTrue();

    assertThat(tree).doesNotExist();
  }

  @Test
  void theDirectoryHoldingThePathIsNeverMadeWritable() throws IOException {
    Files.createDirectories(tree.resolve("etc"));
    mode(tree, 0555);
    try {
      if (Host.isRoot()) {
        // Root may write there anyway: the delete goes through and the mode stays.
        assertThat(Directories.deleteRecursively(tree.resolve("etc"))).isTrue();
      } else {
        assertThatThrownBy(() -> Directories.deleteRecursively(tree.resolve("etc")))
            .isInstanceOf(AccessDeniedException.class);
        assertThat(tree.resolve("etc")).isEmptyDirectory();
      }
      assertThat(Files.getAttribute(tree, "unix:mode", LinkOption.NOFOLLOW_LINKS))
          .isEqualTo(040555);
    } finally {
      mode(tree, 0755);
    }
  }

  @Test
  void namesThatAreNoDirectoryEntryAreRefused() {
    assertThatThrownBy(() -> Directories.deleteRecursively(Path.of("/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no directory entry");
    assertThatThrownBy(() -> Directories.deleteRecursively(tree.resolve(".")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Directories.deleteRecursively(tree.resolve("x/..")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(tree).exists();
  }

  private static void mode(Path path, int mode) throws IOException {
    Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
  }
}
