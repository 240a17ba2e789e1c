package org.osbuildj.isolation.libc;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.FileLabel;
import org.osbuildj.isolation.testing.RootTest;

/**
 * {@link SecurityLabels} writing {@code security.selinux} as the host's root, in a tree whose
 * symlinks all aim at markers beside it in a fresh temporary directory: a link gets the label
 * itself, its target never does.
 */
@RootTest
class SecurityLabelsAsRootTest {
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
    new ProcessBuilder("mkfifo", tree.resolve("etc/fifo").toString()).start().waitFor();
  }

  private static byte[] stored(String context) {
    return (context + "\0").getBytes(US_ASCII);
  }

  @Test
  void eachEntryGetsItsLabelAsLibselinuxStoresItAndLinksAreLabelledThemselves() {
    SecurityLabels.apply(
        tree,
        List.of(
            FileLabel.of("", "system_u:object_r:root_t:s0"),
            FileLabel.of("etc", "system_u:object_r:etc_t:s0"),
            FileLabel.of("etc/shadow", "system_u:object_r:shadow_t:s0"),
            FileLabel.of("etc/to-marker", "system_u:object_r:etc_t:s0"),
            FileLabel.of("etc/fifo", "system_u:object_r:initctl_t:s0"),
            FileLabel.of("escape", "system_u:object_r:default_t:s0")));

    assertThat(SecurityLabels.read(tree)).hasValue(stored("system_u:object_r:root_t:s0"));
    assertThat(SecurityLabels.read(tree.resolve("etc")))
        .hasValue(stored("system_u:object_r:etc_t:s0"));
    assertThat(SecurityLabels.read(tree.resolve("etc/shadow")))
        .hasValue(stored("system_u:object_r:shadow_t:s0"));
    assertThat(SecurityLabels.read(tree.resolve("etc/to-marker")))
        .hasValue(stored("system_u:object_r:etc_t:s0"));
    assertThat(SecurityLabels.read(tree.resolve("etc/fifo")))
        .hasValue(stored("system_u:object_r:initctl_t:s0"));
    assertThat(SecurityLabels.read(tree.resolve("escape")))
        .hasValue(stored("system_u:object_r:default_t:s0"));
    assertThat(SecurityLabels.read(outside.resolve("marker"))).isEmpty();
    assertThat(SecurityLabels.read(outside)).isEmpty();
    assertThat(SecurityLabels.read(scratch)).isEmpty();
  }

  @Test
  void aPathThroughASymlinkLabelsNothingBeyondIt() {
    assertThatThrownBy(
            () ->
                SecurityLabels.apply(
                    tree, List.of(FileLabel.of("escape/marker", "system_u:object_r:etc_t:s0"))))
        .hasMessageContaining("cannot label /escape/marker: /escape on its way is a symlink");

    assertThat(SecurityLabels.read(outside.resolve("marker"))).isEmpty();
  }
}
