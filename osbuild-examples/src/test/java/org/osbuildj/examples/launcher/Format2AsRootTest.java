package org.osbuildj.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.examples.boot.HostMounts;
import org.osbuildj.isolation.linux.NamespaceIsolation;

/**
 * A manifest of format 2 built by the launcher as root, with its defaults (the namespace isolation,
 * the layered store): a pipeline whose {@code build} names another, whose tree is then the build
 * root its stages run in.
 */
@Tag("root")
class Format2AsRootTest {
  @TempDir Path dir;
  HostMounts before;

  @BeforeEach
  void assumeRoot() throws Exception {
    assumeThat(TreeFixtures.runningAsRoot()).as("these tests run the launcher as root").isTrue();
    assumeThat(NamespaceIsolation.isAvailable())
        .as("the namespace isolation is available")
        .isTrue();
    before = HostMounts.capture();
  }

  private record Built(int status, String stderr, JsonNode report) {}

  private Built build(Path manifest, String... extra) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--store",
                dir.resolve("store").toString(),
                "-o",
                dir.resolve("out").toString(),
                "--json"));
    args.addAll(List.of(extra));
    args.add(manifest.toString());
    int status =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            args.toArray(String[]::new));
    return new Built(
        status,
        err.toString(StandardCharsets.UTF_8),
        Json.mapper().readTree(out.toString(StandardCharsets.UTF_8)));
  }

  private static List<String> reported(JsonNode report, String field) {
    List<String> values = new ArrayList<>();
    for (JsonNode pipeline : report.get("pipelines")) {
      JsonNode stages = pipeline.get("stages");
      for (int i = 0; i < stages.size(); i++) {
        values.add(
            field.equals("cached")
                ? stages.get(i).get("cached").asText()
                : pipeline.get("name").asText()
                    + " "
                    + i
                    + " "
                    + stages.get(i).get("name").asText()
                    + " "
                    + stages.get(i).get("id").asText());
      }
    }
    return values;
  }

  @Test
  void aPipelineRunsInTheTreeOfTheBuildPipelineItNamesAndARebuildRunsNothing() throws Exception {
    Path manifest = LauncherFormat2Test.FORMAT2.resolve("skeleton-build-root.json");

    Built first = build(manifest, "--export", "os", "--export", "skeleton");

    assertThat(first.status()).as(first.stderr()).isZero();
    assertThat(reported(first.report(), "ids"))
        .isEqualTo(
            Files.readAllLines(LauncherFormat2Test.FORMAT2.resolve("skeleton-build-root.ids")));
    assertThat(reported(first.report(), "cached")).containsExactly("false", "false", "false");
    Path os = dir.resolve("out/os");
    assertThat(Files.readString(os.resolve("etc/hostname"))).isEqualTo("built-in-skeleton\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(os.resolve("srv/data"))))
        .isEqualTo("rwx------");
    assertThat(os.resolve("dev")).doesNotExist();
    assertThat(dir.resolve("out/skeleton/var/tmp")).isDirectory();
    assertThat(HostMounts.capture()).as("mounts and loop devices").isEqualTo(before);

    Built second = build(manifest, "--export", "os");

    assertThat(second.status()).as(second.stderr()).isZero();
    assertThat(reported(second.report(), "ids")).isEqualTo(reported(first.report(), "ids"));
    assertThat(reported(second.report(), "cached")).containsExactly("true", "true", "true");
    assertThat(Files.readString(os.resolve("etc/hostname"))).isEqualTo("built-in-skeleton\n");
    assertThat(HostMounts.capture()).as("mounts and loop devices").isEqualTo(before);
  }
}
