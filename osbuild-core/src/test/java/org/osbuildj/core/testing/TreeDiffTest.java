package org.osbuildj.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.testing.TreeDiff.Change;

class TreeDiffTest {
  @TempDir Path before;
  @TempDir Path after;

  @BeforeEach
  void twoEqualTrees() throws Exception {
    for (Path root : new Path[] {before, after}) {
      Files.createDirectories(root.resolve("etc"));
      Files.writeString(root.resolve("etc/hostname"), "demo\n");
      Files.writeString(root.resolve("etc/fstab"), "# none\n");
      Files.createSymbolicLink(root.resolve("etc/localtime"), Path.of("../usr/share/zoneinfo/UTC"));
    }
  }

  @Test
  void equalTreesHaveNoDifferencesEvenWhenTheirTimesDiffer() throws Exception {
    Files.setLastModifiedTime(
        after.resolve("etc/hostname"), FileTime.from(Instant.ofEpochSecond(1)));
    Files.setLastModifiedTime(after.resolve("etc"), FileTime.from(Instant.ofEpochSecond(1)));

    TreeDiff diff = TreeDiff.between(before, after);

    assertThat(diff.added()).isEmpty();
    assertThat(diff.removed()).isEmpty();
    assertThat(diff.changed()).isEmpty();
    diff.assertThat().hasNoOtherChanges();
  }

  @Test
  void reportsAddedRemovedAndEachKindOfChange() throws Exception {
    Files.writeString(after.resolve("etc/new"), "x");
    Files.delete(after.resolve("etc/fstab"));
    Files.writeString(after.resolve("etc/hostname"), "dEmo\n");
    Files.setPosixFilePermissions(
        after.resolve("etc"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Files.delete(after.resolve("etc/localtime"));
    Files.createSymbolicLink(
        after.resolve("etc/localtime"), Path.of("../usr/share/zoneinfo/Europe/Berlin"));

    TreeDiff diff = TreeDiff.between(before, after);

    assertThat(diff.added()).containsOnlyKeys("/etc/new");
    assertThat(diff.removed()).containsOnlyKeys("/etc/fstab");
    assertThat(diff.changed()).containsOnlyKeys("/etc", "/etc/hostname", "/etc/localtime");
    diff.assertThat()
        .added("/etc/new")
        .removed("/etc/fstab")
        .changed("/etc/hostname", Change.CONTENT)
        .changed("/etc", Change.MODE)
        .changed("/etc/localtime", Change.TARGET)
        .hasNoOtherChanges();
  }

  @Test
  void aFileReplacedByADirectoryIsATypeChange() throws Exception {
    Files.delete(after.resolve("etc/fstab"));
    Files.createDirectory(after.resolve("etc/fstab"));

    assertThat(TreeDiff.between(before, after).changed())
        .containsEntry("/etc/fstab", java.util.Set.of(Change.TYPE));
  }

  @Test
  void anUnexpectedDifferenceFailsHasNoOtherChangesNamingIt() throws Exception {
    Files.writeString(after.resolve("etc/surprise"), "!");
    Files.writeString(after.resolve("etc/new"), "x");

    assertThatThrownBy(
            () ->
                TreeDiff.between(before, after).assertThat().added("/etc/new").hasNoOtherChanges())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("/etc/surprise")
        .hasMessageNotContaining("/etc/new ");
  }

  @Test
  void expectingAChangeThatDidNotHappenFailsWithTheWholeDifference() {
    assertThatThrownBy(() -> TreeDiff.between(before, after).assertThat().added("/etc/missing"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("/etc/missing");
    assertThatThrownBy(
            () ->
                TreeDiff.between(before, after)
                    .assertThat()
                    .changed("/etc/hostname", Change.CONTENT))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aChangeOfADifferentKindThanExpectedFails() throws Exception {
    Files.setPosixFilePermissions(
        after.resolve("etc/hostname"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(
            () ->
                TreeDiff.between(before, after)
                    .assertThat()
                    .changed("/etc/hostname", Change.CONTENT))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("MODE");
  }

  @Test
  void contentOfTheSameSizeIsComparedByHash() throws Exception {
    Files.writeString(after.resolve("etc/hostname"), "deno\n");

    TreeDiff diff = TreeDiff.between(before, after);

    assertThat(diff.changed()).containsOnlyKeys("/etc/hostname");
    assertThat(diff.after("/etc/hostname").sha256())
        .isNotEqualTo(diff.before("/etc/hostname").sha256())
        .isEqualTo(TreeFixtures.sha256("deno\n".getBytes()));
  }

  @Test
  void addedTreeAndIgnoringUnderAccountForEverythingBelowADirectory() throws Exception {
    Files.createDirectories(after.resolve("home/alice/.ssh"));
    Files.writeString(after.resolve("home/alice/.ssh/authorized_keys"), "key\n");
    Files.writeString(after.resolve("etc/new"), "x");
    Files.writeString(after.resolve("etc/hostname"), "other\n");

    TreeDiff.between(before, after)
        .assertThat()
        .addedTree("/home")
        .ignoringUnder("/etc")
        .hasNoOtherChanges();
  }
}
