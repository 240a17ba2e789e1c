package org.osbuildj.examples.assertions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.osbuildj.examples.assertions.OsbuildAssertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeAssertTest {
  @TempDir Path tree;

  @Test
  void passesForWhatTheTreeHoldsAndFailsWithAMessageNamingThePath() throws Exception {
    Files.createDirectories(tree.resolve("etc"));
    Files.writeString(tree.resolve("etc/hostname"), "demo\n");
    Files.setPosixFilePermissions(
        tree.resolve("etc/hostname"), PosixFilePermissions.fromString("rw-r-----"));
    Files.createSymbolicLink(tree.resolve("etc/localtime"), Path.of("../usr/share/zoneinfo/UTC"));

    assertThat(tree)
        .hasFile("etc/hostname")
        .withContent("demo\n")
        .withMode(0640)
        .and()
        .hasSymlink("etc/localtime", "../usr/share/zoneinfo/UTC")
        .hasNoFile("etc/motd")
        .hasDirectory("etc");

    assertThatThrownBy(() -> assertThat(tree).hasFile("etc/hostname").withContent("other\n"))
        .hasMessageContaining("/etc/hostname")
        .hasMessageContaining("demo\\n");
    assertThatThrownBy(() -> assertThat(tree).hasFile("etc/motd"))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> assertThat(tree).hasFile("etc/hostname").withMode(0644))
        .hasMessageContaining("mode 0644, but it has 0640");
  }

  @Test
  void pathsAreResolvedInsideTheTreeNotOnTheHost(@TempDir Path base) throws Exception {
    // Both links lead, on the host, to a decoy directory that has a passwd; inside the tree they
    // lead to directories that have none.
    Path decoy = Files.createDirectory(base.resolve("decoy"));
    Files.writeString(decoy.resolve("passwd"), "decoy\n");
    Path root = Files.createDirectory(base.resolve("tree"));
    Files.createSymbolicLink(root.resolve("etc"), decoy);
    Files.createSymbolicLink(root.resolve("up-etc"), Path.of("../decoy"));

    assertThat(root).hasNoFile("etc/passwd").hasNoFile("up-etc/passwd");
    assertThatThrownBy(() -> assertThat(root).hasFile("etc/passwd"))
        .hasMessageContaining("does not exist");
  }
}
