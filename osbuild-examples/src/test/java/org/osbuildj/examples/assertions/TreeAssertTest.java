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
  void pathsAreResolvedInsideTheTreeNotOnTheHost() throws Exception {
    // /etc in this tree points at /: on the host that would reach /passwd's neighbour /etc/passwd
    // through /etc; inside the tree it means <tree>/passwd, which does not exist.
    Files.createSymbolicLink(tree.resolve("etc"), Path.of("/"));
    Files.createSymbolicLink(tree.resolve("host-etc"), Path.of("../../../../../etc"));

    assertThat(tree).hasNoFile("etc/passwd").hasNoFile("host-etc/passwd");
  }
}
