package org.osbuildj.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.json.Sha256;

/**
 * The launcher's {@code --inspect} on manifests of format 2 against what osbuild v190's printed for
 * the same manifests on Debian 12 (the test data of osbuild-core: see its format2/README.md).
 */
class LauncherFormat2Test {
  static final Path FORMAT2 =
      Path.of("../osbuild-core/src/test/resources/org/osbuildj/core/manifest/format2")
          .toAbsolutePath()
          .normalize();

  @TempDir Path dir;

  private final LauncherTest launcher = new LauncherTest();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "build-chain",
        "devices-and-mounts",
        "inputs-with-options",
        "source-epoch-and-unicode"
      })
  void inspectPrintsWhatOsbuildPrintsByteForByte(String name) throws Exception {
    // osbuild prints its runner for this host where a build pipeline names none.
    assertThat(HostRunner.name()).isEqualTo("org.osbuild.debian");

    LauncherTest.Run run =
        launcher.osbuild(Map.of(), "--inspect", FORMAT2.resolve(name + ".json").toString());

    assertThat(run.stderr()).isEmpty();
    assertThat(run.status()).isZero();
    assertThat(run.stdout()).isEqualTo(Files.readString(FORMAT2.resolve(name + ".inspect")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "centos-stream-build",
        "centos-stream-uki",
        "fedora-boot",
        "fedora-container",
        "fedora-ostree-container-dev-null"
      })
  void inspectOfOsbuildsOwnManifestsPrintsTheBytesOsbuildPrinted(String name) throws Exception {
    LauncherTest.Run run =
        launcher.osbuild(
            Map.of(), "--inspect", FORMAT2.resolve("osbuild/" + name + ".json").toString());

    assertThat(run.status()).as(run.stderr()).isZero();
    assertThat(Sha256.hex(run.stdout()))
        .isEqualTo(
            Files.readString(FORMAT2.resolve("osbuild/" + name + ".inspect.sha256")).strip());
  }

  private LauncherTest.Run build(Path manifest, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--isolation",
                "host",
                "--store",
                dir.resolve("store").toString(),
                "-o",
                dir.resolve("out").toString(),
                "--json"));
    args.addAll(List.of(extra));
    args.add(manifest.toString());
    return launcher.osbuild(Map.of(), args.toArray(String[]::new));
  }

  /** {@code pipeline index type id} of every step of a --json report, as the .ids files hold. */
  private static List<String> reportedIds(JsonNode report) {
    List<String> lines = new ArrayList<>();
    for (JsonNode pipeline : report.get("pipelines")) {
      JsonNode stages = pipeline.get("stages");
      for (int i = 0; i < stages.size(); i++) {
        lines.add(
            pipeline.get("name").asText()
                + " "
                + i
                + " "
                + stages.get(i).get("name").asText()
                + " "
                + stages.get(i).get("id").asText());
      }
    }
    return lines;
  }

  private static List<Boolean> cached(JsonNode report) {
    List<Boolean> cached = new ArrayList<>();
    report
        .get("pipelines")
        .forEach(p -> p.get("stages").forEach(s -> cached.add(s.get("cached").asBoolean())));
    return cached;
  }

  @Test
  void aFormat2ManifestBuildsUnderOsbuildsIdsExportsItsTreesAndARebuildRunsNothing()
      throws Exception {
    Path manifest = FORMAT2.resolve("tree-and-export.json");

    LauncherTest.Run first = build(manifest, "--export", "tree", "--export", "other");

    assertThat(first.status()).as(first.stderr()).isZero();
    JsonNode report = first.json();
    assertThat(reportedIds(report))
        .isEqualTo(Files.readAllLines(FORMAT2.resolve("tree-and-export.ids")));
    assertThat(cached(report)).containsExactly(false, false, false, false);
    assertThat(report.at("/pipelines/0/tree_id").asText())
        .isEqualTo("c7a15fc1f0e98f7c36d559d1edb6ca5ae7f2a1cdfb964d39e2f557b34adfb7bf");
    Path tree = dir.resolve("out/tree");
    assertThat(Files.readString(tree.resolve("etc/hostname"))).isEqualTo("v2-demo\n");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.resolve("srv/data"))))
        .isEqualTo("rwx------");
    // The pipeline's source-epoch clamps what its stages write.
    assertThat(Files.getLastModifiedTime(tree.resolve("etc/hostname")).toInstant())
        .isBeforeOrEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(dir.resolve("out/other/opt/tools")).isDirectory();
    assertThat(dir.resolve("out/other/etc")).doesNotExist();

    LauncherTest.Run second = build(manifest, "--export", "other");

    assertThat(second.status()).as(second.stderr()).isZero();
    assertThat(reportedIds(second.json())).isEqualTo(reportedIds(report));
    assertThat(cached(second.json())).containsExactly(true, true, true, true);
  }

  @Test
  void exportingWithoutAnOutputOrAnEmptyPipelineIsAUsageErrorBeforeAnythingIsWritten()
      throws Exception {
    Path manifest = dir.resolve("empty.json");
    Files.writeString(
        manifest,
        """
        {"version": "2", "pipelines": [
          {"name": "empty"},
          {"name": "os", "stages": [{"type": "org.osbuild.noop"}]}
        ]}
        """);

    LauncherTest.Run empty = build(manifest, "--export", "empty");
    LauncherTest.Run noOutput =
        launcher.osbuild(
            Map.of(),
            "--isolation",
            "host",
            "--store",
            dir.resolve("store").toString(),
            "--export",
            "os",
            manifest.toString());

    assertThat(empty.status()).isEqualTo(2);
    assertThat(empty.stderr())
        .isEqualTo("osbuild: --export empty: that pipeline has no stages: its tree is empty\n");
    assertThat(noOutput.status()).isEqualTo(2);
    assertThat(noOutput.stderr())
        .isEqualTo("osbuild: --export: give the output directory with -o DIR\n");
    assertThat(dir.resolve("store")).doesNotExist();
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void theMonitorNamesEachPipelineAsTheManifestDoesWithItsTreesId() throws Exception {
    LauncherTest.Run run =
        launcher.osbuild(
            Map.of(),
            "--isolation",
            "host",
            "--store",
            dir.resolve("store").toString(),
            "--monitor",
            "JSONSeqMonitor",
            "--monitor-fd",
            "1",
            FORMAT2.resolve("tree-and-export.json").toString());

    assertThat(run.status()).as(run.stderr()).isZero();
    List<String> finished = new ArrayList<>();
    List<String> stages = new ArrayList<>();
    for (String text : run.stdout().split("\u001e")) {
      if (text.isBlank()) continue;
      JsonNode record = Json.mapper().readTree(text);
      JsonNode pipeline = record.at("/context/pipeline");
      if (record.get("message").asText().startsWith("Finished pipeline")) {
        finished.add(pipeline.get("name").asText() + " " + pipeline.get("id").asText());
      } else if (pipeline.has("stage") && record.get("message").asText().startsWith("Starting")) {
        stages.add(pipeline.get("name").asText() + " " + pipeline.at("/stage/id").asText());
      }
    }
    List<String> ids = Files.readAllLines(FORMAT2.resolve("tree-and-export.ids"));
    assertThat(finished)
        .containsExactly("tree " + ids.get(1).split(" ")[3], "other " + ids.get(3).split(" ")[3]);
    assertThat(stages)
        .containsExactly(
            ids.stream()
                .map(line -> line.split(" ")[0] + " " + line.split(" ")[3])
                .toArray(String[]::new));
  }

  @Test
  void whatIsNotImplementedYetIsRefusedBeforeAnythingIsWrittenNamingPipelineStageAndType()
      throws Exception {
    Path store = dir.resolve("store");
    Path manifest = FORMAT2.resolve("devices-and-mounts.json");

    LauncherTest.Run run = build(manifest);

    assertThat(run.status()).isEqualTo(2);
    String at = "osbuild: invalid manifest " + manifest + ":\n";
    String stage1 = "pipeline \"image\", stage 1 (org.osbuild.noop): ";
    String stage2 = "pipeline \"image\", stage 2 (org.osbuild.noop): ";
    assertThat(run.stderr())
        .isEqualTo(
            at
                + "  .pipelines[0].stages[1].devices.root-lv: "
                + stage1
                + "device root-lv (org.osbuild.lvm2.lv) is not implemented yet\n"
                + "  .pipelines[0].stages[1].devices.disk: "
                + stage1
                + "device disk (org.osbuild.loopback) is not implemented yet\n"
                + "  .pipelines[0].stages[1].devices.bare: "
                + stage1
                + "device bare (org.osbuild.loopback) is not implemented yet\n"
                + "  .pipelines[0].stages[1].mounts[0]: "
                + stage1
                + "mount root (org.osbuild.ext4) is not implemented yet\n"
                + "  .pipelines[0].stages[1].mounts[1]: "
                + stage1
                + "mount boot (org.osbuild.ext4) is not implemented yet\n"
                + "  .pipelines[0].stages[1].mounts[2]: "
                + stage1
                + "mount zero (org.osbuild.noop) is not implemented yet\n"
                + "  .pipelines[0].stages[1].mounts[3]: "
                + stage1
                + "mount float (org.osbuild.noop) is not implemented yet\n"
                + "  .pipelines[0].stages[2].devices.disk: "
                + stage2
                + "device disk (org.osbuild.loopback) is not implemented yet\n"
                + "  .pipelines[0].stages[2].mounts[0]: "
                + stage2
                + "mount root (org.osbuild.ext4) is not implemented yet\n");
    assertThat(run.json().at("/error/problems/0/path").asText())
        .isEqualTo(".pipelines[0].stages[1].devices.root-lv");
    assertThat(store).doesNotExist();
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void anInvalidFormat2ManifestIsRefusedWithTheJsonPathOfEachProblem() throws Exception {
    Path manifest = dir.resolve("bad.json");
    Files.writeString(
        manifest,
        """
        {"version": "2", "pipelines": [
          {"name": "os", "build": "name:later", "stages": [{"type": "org.osbuild.noop",
            "inputs": {"tree": {"type": "org.osbuild.tree", "origin": "org.osbuild.pipeline",
                                "references": ["name:later"], "typo": true}}}]},
          {"name": "later", "stages": [{"type": "org.osbuild.noop"}]}
        ]}
        """);

    LauncherTest.Run run = launcher.osbuild(Map.of(), "--inspect", manifest.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr())
        .isEqualTo(
            "osbuild: invalid manifest "
                + manifest
                + ":\n  .pipelines[0].stages[0].inputs.tree.typo: unknown key (an input has type,"
                + " origin, references and options)\n");
  }

  @Test
  void theOptionsOfANativeStageWhoseFormat2OptionsAreItsOwnAreCheckedAgainstItsSchema()
      throws Exception {
    Path manifest = dir.resolve("options.json");
    Files.writeString(
        manifest,
        """
        {"version": "2", "pipelines": [{"name": "os", "stages": [
          {"type": "org.osbuild.hostname", "options": {"hostname": "demo"}},
          {"type": "org.osbuild.timezone", "options": {"zone": 7}},
          {"type": "org.osbuild.locale", "options": {"language": "en_US.UTF-8", "other": 1}},
          {"type": "org.osbuild.copy", "options": {"paths": [{"from": "input://tree/", "to": "tree:///"}]}},
          {"type": "org.osbuild.rpm", "options": {"anything": true}}
        ]}]}
        """);

    LauncherTest.Run run = launcher.osbuild(Map.of(), "--inspect", manifest.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr())
        .startsWith("osbuild: invalid manifest " + manifest + ":\n")
        .contains("  .pipelines[0].stages[1].options.zone: ")
        .contains("  .pipelines[0].stages[2].options")
        .doesNotContain("stages[0]")
        .doesNotContain("stages[3]")
        .doesNotContain("stages[4]");
  }

  @Test
  void exportingAPipelineTheManifestLacksIsAUsageError() {
    LauncherTest.Run run =
        launcher.osbuild(
            Map.of(),
            "--inspect",
            "--export",
            "nowhere",
            FORMAT2.resolve("build-chain.json").toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stderr())
        .contains(
            "--export nowhere: no such pipeline; this manifest has host-built, second, third,"
                + " same-as-first");
  }
}
