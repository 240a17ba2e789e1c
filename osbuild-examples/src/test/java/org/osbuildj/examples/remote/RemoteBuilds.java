package org.osbuildj.examples.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.osbuildj.core.json.Json;
import org.osbuildj.examples.launcher.Main;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.oci.TreeListing;

/**
 * Launcher builds of RemoteStoreTest's four-stage manifest by "machines" (a store each, in one test
 * directory) that share a remote store: for the tests of registry faults and authentication.
 */
final class RemoteBuilds {
  private final Path dir;
  private final Path lib;

  /** Writes the test stages into {@code lib/stages}. */
  RemoteBuilds(Path dir, Path lib) throws IOException {
    this.dir = dir;
    this.lib = lib;
    Path stages = Files.createDirectories(lib.resolve("stages"));
    stage(stages, "org.example.files", RemoteStoreTest.FILES_STAGE);
    stage(stages, "org.example.rework", RemoteStoreTest.REWORK_STAGE);
    stage(stages, "org.example.write", RemoteStoreTest.WRITE_STAGE);
  }

  /** A build by {@code machine} with its store, {@code --json}; asserts that it succeeds. */
  JsonNode build(
      String machine, Path manifest, String remote, Map<String, String> env, String... options)
      throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("SOURCE_DATE_EPOCH", "1700000000");
    environment.putAll(env);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--store",
                store(machine).toString(),
                "-l",
                lib.toString(),
                "-o",
                dir.resolve("out-" + machine).toString(),
                "--json",
                "--progress",
                "plain",
                "--remote-store",
                remote,
                "--remote-store-timeout",
                "5"));
    args.addAll(List.of(options));
    args.add(manifest.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            environment,
            args.toArray(String[]::new));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return Json.mapper().readTree(out.toByteArray());
  }

  Path store(String machine) {
    return dir.resolve("store-" + machine);
  }

  Path manifest(String name, String text) throws IOException {
    return manifestIn(dir, name, text);
  }

  /**
   * Four stages, written into {@code dir}: every kind of file, a hostname, deletions and a replaced
   * directory, a text; {@code text} changes only the last.
   */
  static Path manifestIn(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name + "-" + text + ".json");
    Files.writeString(
        file,
        "{\"stages\": ["
            + "{\"name\": \"org.example.files\", \"options\": {\"salt\": \""
            + name
            + "\"}},"
            + "{\"name\": \"org.osbuild.hostname\", \"options\": {\"hostname\": \""
            + name
            + "\"}},"
            + "{\"name\": \"org.example.rework\", \"options\": {}},"
            + "{\"name\": \"org.example.write\", \"options\": {\"text\": \""
            + text
            + "\"}}],"
            + " \"assembler\": {\"name\": \"org.osbuild.tar\", \"options\": {\"filename\": \"tree.tar\"}}}");
    return file;
  }

  static List<String> stagesRun(JsonNode report) {
    List<String> run = new ArrayList<>();
    for (JsonNode stage : report.path("pipelines").get(0).path("stages")) {
      if (!stage.path("cached").asBoolean()) run.add(stage.path("name").asText());
    }
    return run;
  }

  static String treeId(JsonNode report) {
    return report.path("pipelines").get(0).path("tree_id").asText();
  }

  static String stageId(JsonNode report, int stage) {
    return report.path("pipelines").get(0).path("stages").get(stage).path("id").asText();
  }

  List<String> listing(String machine, String id) throws Exception {
    return listingIn(dir, machine, id);
  }

  /** Every entry of the tree {@code id} in the store of {@code machine} under {@code dir}. */
  static List<String> listingIn(Path dir, String machine, String id) throws Exception {
    Path target = dir.resolve("export-" + machine + "-" + System.nanoTime());
    try (FileStore store = FileStore.open(dir.resolve("store-" + machine))) {
      store.export(id, target);
    }
    return TreeListing.of(target);
  }

  /**
   * The machine's store as its own check sees it: no problems, and nothing left in its scratch area
   * (no import or push half done).
   */
  void assertSound(String machine) throws Exception {
    try (FileStore store = FileStore.open(store(machine))) {
      assertThat(store.check(false).problems()).isEmpty();
    }
    Path tmp = store(machine).resolve("tmp");
    if (Files.isDirectory(tmp)) {
      try (Stream<Path> left = Files.list(tmp)) {
        assertThat(left.map(p -> p.getFileName().toString()).toList())
            .as("the store's scratch area")
            .isEmpty();
      }
    }
  }

  private static void stage(Path stages, String name, String script) throws IOException {
    Path stage = stages.resolve(name);
    Files.writeString(stage, script);
    Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
