package org.osbuildj.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.tree.Directories;
import org.osbuildj.examples.boot.HostMounts;
import org.osbuildj.examples.launcher.Main;
import org.osbuildj.examples.registry.LocalRegistry;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.oci.TreeListing;

/**
 * The README's reference image shared between two machines through a real registry (Debian's
 * docker-registry with TLS and a password), through the launcher as users run it: machine A is the
 * suite's shared store, where the reference image is built once per run, and publishes its trees;
 * machine B starts from an empty store.
 */
@Tag("root")
@Tag("e2e")
class ReferenceImageThroughRegistryTest {
  private static final String MANIFEST = "debian-bookworm-qcow2.json";
  private static final String IMAGE = "debian-bookworm.qcow2";

  @TempDir Path dir;

  @Test
  void machineBPullsTheReferenceTreesRunsNoStageThenOnlyWhatAHostnameChangeTouches()
      throws Exception {
    Samples.assumeHostCanBuild(
        "/usr/bin/mmdebstrap", "/usr/bin/grub-mkimage", "/usr/sbin/sfdisk", "/usr/bin/qemu-img");
    assumeThat(LocalRegistry.available())
        .as("docker-registry, openssl and python3 are installed (.ci/run)")
        .isTrue();
    HostMounts before = HostMounts.capture();
    try (LocalRegistry registry = LocalRegistry.start(dir.resolve("registry"))) {
      Machine a = new Machine(E2eStore.shared(), dir.resolve("out-a"), registry);
      Machine b = new Machine(dir.resolve("store-b"), dir.resolve("out-b"), registry);
      String remote = registry.address("team/debian");
      Path manifest = Samples.manifest(MANIFEST);

      // A builds (or has built: other tests of the run share its store) and publishes every tree.
      JsonNode built = a.build(remote, manifest);
      List<String> stageIds = stageIds(built);
      for (String id : stageIds) a.launcher(List.of("store", "push", id, "--remote-store", remote));

      JsonNode fromRegistry = b.build(remote, manifest);
      assertThat(stagesThatRan(fromRegistry)).as("B runs no stage").isEmpty();
      assertThat(stageIds(fromRegistry)).isEqualTo(stageIds);
      JsonNode last = lastStage(fromRegistry);
      assertThat(last.path("pulled_from").asText())
          .as("the last stage's tree comes from the registry: %s", fromRegistry.path("remote"))
          .isEqualTo(remote);
      assertThat(fromRegistry.path("remote").path("pushed"))
          .as("B pushes what it pulled")
          .isEmpty();
      assertThat(fromRegistry.path("remote").path("warnings")).isEmpty();
      String tree = stageIds.get(stageIds.size() - 1);
      assertThat(a.listing(tree, dir.resolve("tree-a")))
          .as("A's tree and the tree B pulled, entry by entry (mode, owner, time, content, xattrs)")
          .isEqualTo(b.listing(tree, dir.resolve("tree-b")));
      // mke2fs 1.47.0 copies a tree in the order its directories list their entries: for small
      // directories the order they were made in, which dpkg chose on A and the sorted layers on a
      // machine that pulled. So machines that pull make the same bytes; the builder's own image
      // may differ from theirs (README, "Sharing a store").
      Machine c = new Machine(dir.resolve("store-c"), dir.resolve("out-c"), registry);
      c.build(remote, manifest);
      assertThat(Files.mismatch(b.output().resolve(IMAGE), c.output().resolve(IMAGE)))
          .as("the first byte where C's image differs from B's (SOURCE_DATE_EPOCH set)")
          .isEqualTo(-1L);
      long differsFromA = Files.mismatch(a.output().resolve(IMAGE), b.output().resolve(IMAGE));
      System.out.println(
          "A's image and B's: "
              + (differsFromA < 0 ? "the same bytes" : "first differ at byte " + differsFromA));

      JsonNode renamed = b.build(remote, withHostname(manifest, "machine-b"));
      assertThat(stagesThatRan(renamed))
          .as("the hostname stage and every stage after it")
          .containsExactly(
              "org.osbuild.hostname",
              "org.osbuild.locale",
              "org.osbuild.timezone",
              "org.osbuild.fstab",
              "org.osbuild.grub2",
              "org.osbuild.systemd");
      assertThat(renamed.path("assembler").path("cached").asBoolean()).isFalse();
    }
    assertThat(HostMounts.capture())
        .as("mounts and loop devices after the builds")
        .isEqualTo(before);
  }

  /**
   * One machine: its store and output directory, and the registry's credentials in its auth file.
   */
  private record Machine(Path store, Path output, LocalRegistry registry) {
    JsonNode build(String remote, Path manifest) throws Exception {
      String stdout =
          launcher(
              List.of(
                  "--store",
                  store.toString(),
                  "-o",
                  output.toString(),
                  "--json",
                  "--progress",
                  "plain",
                  "--remote-store",
                  remote,
                  manifest.toString()));
      return Json.mapper().readTree(stdout);
    }

    /** Every entry of a stored tree, from a copy of it exported to {@code scratch}. */
    List<String> listing(String treeId, Path scratch) throws Exception {
      try (FileStore opened = FileStore.open(store)) {
        opened.export(treeId, scratch);
      }
      try {
        return TreeListing.of(scratch);
      } finally {
        Directories.deleteRecursively(scratch);
      }
    }

    /**
     * Runs the launcher in this JVM with the registry's CA and credentials; its standard output.
     */
    String launcher(List<String> arguments) throws Exception {
      List<String> argv = new ArrayList<>(arguments);
      int remoteOption = argv.indexOf("--remote-store");
      argv.addAll(
          remoteOption + 2, List.of("--remote-store-ca", registry.caCertificate().toString()));
      if (argv.get(0).equals("store")) argv.addAll(1, List.of("--store", store.toString()));
      Path auth = registry.authFile("auth.json", LocalRegistry.USER, LocalRegistry.PASSWORD);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status =
          Main.run(
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              Map.of(
                  "SOURCE_DATE_EPOCH",
                  Samples.SOURCE_DATE_EPOCH,
                  "REGISTRY_AUTH_FILE",
                  auth.toString()),
              argv.toArray(String[]::new));
      String log = err.toString(StandardCharsets.UTF_8);
      System.out.println(log);
      assertThat(status).as("the launcher's exit status: %s", log).isZero();
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static JsonNode treePipeline(JsonNode report) {
    JsonNode pipelines = report.path("pipelines");
    return pipelines.get(pipelines.size() - 1);
  }

  private static List<String> stageIds(JsonNode report) {
    List<String> ids = new ArrayList<>();
    for (JsonNode stage : treePipeline(report).path("stages")) ids.add(stage.path("id").asText());
    return ids;
  }

  private static JsonNode lastStage(JsonNode report) {
    JsonNode stages = treePipeline(report).path("stages");
    return stages.get(stages.size() - 1);
  }

  private static List<String> stagesThatRan(JsonNode report) {
    List<String> ran = new ArrayList<>();
    for (JsonNode pipeline : report.path("pipelines")) {
      for (JsonNode stage : pipeline.path("stages")) {
        if (!stage.path("cached").asBoolean()) ran.add(stage.path("name").asText());
      }
    }
    return ran;
  }

  private Path withHostname(Path manifest, String hostname) throws Exception {
    JsonNode document = Json.mapper().readTree(manifest.toFile());
    for (JsonNode stage : document.path("stages")) {
      if (stage.path("name").asText().equals("org.osbuild.hostname")) {
        ((ObjectNode) stage.path("options")).put("hostname", hostname);
      }
    }
    Path file = dir.resolve("renamed.json");
    Json.mapper().writeValue(file.toFile(), document);
    return file;
  }
}
