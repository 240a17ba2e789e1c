package org.osbuildj.examples.selinux;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.assemblers.Assemblers;
import org.osbuildj.core.executor.BuildResult;
import org.osbuildj.core.executor.Osbuild;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.isolation.libc.SecurityLabels;
import org.osbuildj.isolation.linux.NamespaceIsolation;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.SnapshotMode;

/**
 * {@code org.osbuild.selinux} on the store's overlay layers (the default as root), with a small
 * policy the manifest writes itself and the host's {@code setfiles} as the build root's: the labels
 * land in the stage's own layer, the layer below keeps none, and the tar assembler, which reads the
 * layers stacked, keeps them.
 */
@Tag("root")
class SelinuxOnTheOverlayStoreTest {
  private static final String FILE_CONTEXTS = "etc/selinux/small/contexts/files/file_contexts";
  private static final String POLICY =
      "/.*\tsystem_u:object_r:default_t:s0\n"
          + "/\t-d\tsystem_u:object_r:root_t:s0\n"
          + "/etc(/.*)?\tsystem_u:object_r:etc_t:s0\n"
          + "/etc/shadow\t--\tsystem_u:object_r:shadow_t:s0\n"
          + "/etc/selinux(/.*)?\tsystem_u:object_r:selinux_config_t:s0\n";

  @TempDir Path scratch;

  @Test
  void labelsLandInTheStagesLayerAndReachTheArchive() throws Exception {
    assumeTrue(TreeFixtures.runningAsRoot(), "the overlay store and labels need root");
    assumeTrue(
        Files.isExecutable(Path.of("/usr/sbin/setfiles")),
        "needs setfiles: apt-get install policycoreutils");
    Pipeline files =
        Pipeline.builder()
            .stage(
                Stages.mkdir()
                    .path("/etc/selinux/small/contexts/files", 0755, true, false)
                    .path("/usr/bin", 0755, true, false))
            .stage(
                Stages.copy()
                    .text("/" + FILE_CONTEXTS, POLICY, 0644)
                    .text("/etc/shadow", "root:*:19000::::::\n", 0640)
                    .text("/usr/bin/tool", "#!/bin/sh\n", 0755))
            .build();
    Pipeline labelled =
        files.toBuilder()
            .stage(Stages.selinux(FILE_CONTEXTS))
            .assembler(Assemblers.tar("root.tar"))
            .build();
    // A stage after it: its new files stay unlabelled, as with the seed, but the root keeps its
    // label although the stage's snapshot starts from a fresh upper directory.
    Pipeline after =
        labelled.toBuilder()
            .stage(Stages.hostname("labelled"))
            .assembler(Assemblers.tar("after.tar"))
            .build();
    FileStore store = FileStore.builder(scratch.resolve("store")).mode(SnapshotMode.OVERLAY).open();
    Path output = scratch.resolve("out");
    try (Osbuild osbuild =
        Osbuild.builder().store(store).isolation(NamespaceIsolation.create()).build()) {
      osbuild.build(files, null);
      BuildResult result;
      try (TreeLease below = store.read(files.treeId().orElseThrow())) {
        Path layer = ((TreeMount.Overlay) below.mount()).lowerDirs().get(0);
        assertThat(SecurityLabels.read(layer.resolve("etc/shadow"))).isEmpty();
      }
      result = osbuild.build(labelled, output);
      osbuild.build(after, scratch.resolve("after"));
      assertThat(result.tree().treeId()).isEqualTo(labelled.treeId());
      try (TreeLease tree = store.read(labelled.treeId().orElseThrow())) {
        TreeMount.Overlay layers = (TreeMount.Overlay) tree.mount();
        Path top = layers.lowerDirs().get(0);
        Path below = layers.lowerDirs().get(1);
        assertThat(label(top.resolve("etc/shadow"))).isEqualTo("system_u:object_r:shadow_t:s0");
        assertThat(label(top)).isEqualTo("system_u:object_r:root_t:s0");
        assertThat(label(top.resolve("usr/bin/tool"))).isEqualTo("system_u:object_r:default_t:s0");
        assertThat(SecurityLabels.read(below.resolve("etc/shadow"))).isEmpty();
      }
    }
    String listing = run("tar", "--selinux", "-tvvf", output.resolve("root.tar").toString());
    String later = run("tar", "--selinux", "-tvvf", scratch.resolve("after/after.tar").toString());
    assertThat(later)
        .contains("./\n  s: system_u:object_r:root_t:s0\n")
        .contains("./etc/shadow\n  s: system_u:object_r:shadow_t:s0\n")
        .containsPattern("\\./etc/hostname\n(?!  s:)");
    assertThat(listing)
        .contains("./\n  s: system_u:object_r:root_t:s0\n")
        .contains("./etc/shadow\n  s: system_u:object_r:shadow_t:s0\n")
        .contains(
            "./etc/selinux/small/contexts/files/file_contexts\n  s:"
                + " system_u:object_r:selinux_config_t:s0\n")
        .contains("./usr/bin/tool\n  s: system_u:object_r:default_t:s0\n");
  }

  private static String label(Path entry) {
    byte[] value = SecurityLabels.read(entry).orElseThrow();
    assertThat(value).endsWith(0);
    return new String(value, 0, value.length - 1, US_ASCII);
  }

  private static String run(String... argv) throws Exception {
    Process process =
        new ProcessBuilder(new ArrayList<>(List.of(argv))).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }
}
