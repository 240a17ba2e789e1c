package org.osbuildj.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.core.pipeline.Pipeline;

/**
 * The launcher end to end, as a user runs it: the sample manifest through the host isolation into a
 * store in a temporary directory (the namespace isolation is covered by root tests).
 */
class LauncherTest {
  static final Path SAMPLE = Path.of("samples/hostname-tar.json").toAbsolutePath();

  @TempDir Path dir;

  record Run(int status, String stdout, String stderr) {
    JsonNode json() throws Exception {
      return Json.mapper().readTree(stdout);
    }
  }

  Run osbuild(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            args);
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Run build(Path store, Path output, Path manifest, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--isolation",
                "host",
                "--store",
                store.toString(),
                "-o",
                output.toString(),
                "--json"));
    args.addAll(List.of(extra));
    args.add(manifest.toString());
    return osbuild(Map.of(), args.toArray(String[]::new));
  }

  static String tarFile(Path archive, String member) throws Exception {
    Process p =
        new ProcessBuilder("tar", "-xzOf", archive.toString(), member)
            .redirectErrorStream(true)
            .start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("tar -xzOf %s %s: %s", archive, member, text).isZero();
    return text;
  }

  @Test
  void theSampleBuildsATarHoldingTheHostnameAndASecondRunTakesEveryStageFromTheStore()
      throws Exception {
    Path store = dir.resolve("store");
    Run first = build(store, dir.resolve("out"), SAMPLE);

    assertThat(first.status()).as(first.stderr()).isZero();
    assertThat(tarFile(dir.resolve("out/tree.tar.gz"), "./etc/hostname")).isEqualTo("demo\n");
    assertThat(first.stderr()).contains("stage 2/5 org.osbuild.hostname: done in");
    JsonNode firstJson = first.json();
    assertThat(firstJson.get("success").asBoolean()).isTrue();
    assertThat(firstJson.at("/pipelines/0/stages").findValuesAsText("cached"))
        .containsOnly("false");

    Run second = build(store, dir.resolve("out"), SAMPLE);

    assertThat(second.status()).as(second.stderr()).isZero();
    JsonNode stages = second.json().at("/pipelines/0/stages");
    assertThat(stages).hasSize(4);
    stages.forEach(stage -> assertThat(stage.get("cached").asBoolean()).isTrue());
    assertThat(second.stderr())
        .contains("stage 2/5 org.osbuild.hostname: cached")
        .doesNotContain("hostname: done in")
        .contains("assembler 5/5 org.osbuild.tar: cached")
        .doesNotContain("tar: done in");
    Pipeline sample = Manifest.read(SAMPLE);
    assertThat(stages.findValuesAsText("id")).isEqualTo(sample.stageIds());
    assertThat(second.json().at("/assembler/id").asText())
        .isEqualTo(sample.assemblerId().orElseThrow());
    assertThat(second.json().at("/assembler/cached").asBoolean()).isTrue();
    assertThat(second.json().get("output").get(0).asText()).endsWith("tree.tar.gz");
  }

  @Test
  void inspectPrintsTheManifestWithEveryStageIdAndBuildsNothing() throws Exception {
    Run run =
        osbuild(
            Map.of(), "--inspect", "--store", dir.resolve("store").toString(), SAMPLE.toString());

    assertThat(run.status()).isZero();
    JsonNode printed = run.json();
    assertThat(printed.get("stages").findValuesAsText("id"))
        .isEqualTo(Manifest.read(SAMPLE).stageIds());
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void theArm64SampleIsValidAndKeepBinfmtIsAccepted() throws Exception {
    Path sample = Path.of("samples/debian-bookworm-arm64-tar.json").toAbsolutePath();
    Run run =
        osbuild(
            Map.of(),
            "--inspect",
            "--keep-binfmt",
            "--store",
            dir.resolve("store").toString(),
            sample.toString());

    assertThat(run.status()).as(run.stderr()).isZero();
    assertThat(run.json().at("/stages/0/options/architecture").asText()).isEqualTo("arm64");
    assertThat(run.json().at("/stages/0/options/initramfs/modules").asText()).isEqualTo("list");
    assertThat(dir.resolve("store")).doesNotExist();
    Run disk =
        osbuild(
            Map.of(),
            "--inspect",
            "--store",
            dir.resolve("store").toString(),
            Path.of("samples/debian-bookworm-arm64-qcow2.json").toAbsolutePath().toString());
    assertThat(disk.status()).as(disk.stderr()).isZero();
    assertThat(disk.json().at("/assembler/options/architecture").asText()).isEqualTo("arm64");
  }

  @Test
  void inspectShowsTheCapabilitiesAStageKeepsBeyondTheDefaultAndItsOutputReadsBack()
      throws Exception {
    Path sample = Path.of("samples/debian-bookworm-qcow2.json").toAbsolutePath();
    Run run =
        osbuild(
            Map.of(), "--inspect", "--store", dir.resolve("store").toString(), sample.toString());

    assertThat(run.status()).as(run.stderr()).isZero();
    JsonNode stages = run.json().get("stages");
    assertThat(stages.get(0).get("name").asText()).isEqualTo("org.osbuild.mmdebstrap");
    assertThat(stages.get(0).get("capabilities").toString()).isEqualTo("[\"CAP_SYS_ADMIN\"]");
    assertThat(stages.findValuesAsText("name")).contains("org.osbuild.hostname");
    for (JsonNode stage : stages) {
      if (!stage.get("name").asText().equals("org.osbuild.mmdebstrap")) {
        assertThat(stage.has("capabilities")).as(stage.get("name").asText()).isFalse();
      }
    }
    Path printed = write(run.stdout());
    assertThat(Manifest.read(printed).stageIds()).isEqualTo(Manifest.read(sample).stageIds());
  }

  @Test
  void aLibdirStepNamedLikeANativeOneIsSaidNotToRunUnlessLibdirFirstAndInspectSaysWhichRuns()
      throws Exception {
    Path stage = dir.resolve("lib/stages/org.osbuild.hostname");
    Files.createDirectories(stage.getParent());
    Files.writeString(stage, "#!/bin/sh\necho the seed's own hostname stage\n");
    stage.toFile().setExecutable(true);
    String lib = dir.resolve("lib").toString();
    String store = dir.resolve("store").toString();

    Run byDefault = osbuild(Map.of(), "--inspect", "-l", lib, "--store", store, SAMPLE.toString());
    Run libdirFirst =
        osbuild(
            Map.of(),
            "--inspect",
            "-l",
            lib,
            "--libdir-first",
            "--store",
            store,
            SAMPLE.toString());

    assertThat(byDefault.status()).as(byDefault.stderr()).isZero();
    assertThat(byDefault.stderr())
        .contains(
            "osbuild: org.osbuild.hostname: the native implementation runs, not "
                + stage
                + " (--libdir-first runs the libdir's)");
    assertThat(byDefault.json().get("stages").findValuesAsText("implementation")).isEmpty();
    assertThat(libdirFirst.status()).as(libdirFirst.stderr()).isZero();
    assertThat(libdirFirst.stderr()).doesNotContain("the native implementation runs");
    JsonNode hostname = null;
    for (JsonNode step : libdirFirst.json().get("stages")) {
      if (step.get("name").asText().equals("org.osbuild.hostname")) hostname = step;
    }
    assertThat(hostname).isNotNull();
    assertThat(hostname.get("implementation").asText()).isEqualTo("libdir");
  }

  @Test
  void aStepTrustedToMountIsShownSoByInspectAndOnlyALibdirsStepCanBeTrusted() throws Exception {
    Path assembler = dir.resolve("lib/assemblers/org.example.disk");
    Files.createDirectories(assembler.getParent());
    Files.writeString(assembler, "#!/bin/sh\n");
    assembler.toFile().setExecutable(true);
    Path manifest =
        write(
            """
            {"stages": [{"name": "org.osbuild.hostname", "options": {"hostname": "h"}}],
             "assembler": {"name": "org.example.disk"}}
            """);
    String lib = dir.resolve("lib").toString();
    String store = dir.resolve("store").toString();

    Run untrusted =
        osbuild(Map.of(), "--inspect", "-l", lib, "--store", store, manifest.toString());
    Run trusted =
        osbuild(
            Map.of(),
            "--inspect",
            "-l",
            lib,
            "--allow-mounts",
            "org.example.disk",
            "--store",
            store,
            manifest.toString());
    Run unknown =
        osbuild(
            Map.of(),
            "--inspect",
            "-l",
            lib,
            "--allow-mounts",
            "org.osbuild.qcow2",
            "--store",
            store,
            manifest.toString());

    assertThat(untrusted.status()).as(untrusted.stderr()).isZero();
    assertThat(untrusted.json().get("assembler").has("profile")).isFalse();
    assertThat(trusted.status()).as(trusted.stderr()).isZero();
    assertThat(trusted.json().get("assembler").get("profile").asText())
        .isEqualTo("block-device-mounts");
    assertThat(trusted.json().get("stages").get(0).has("profile")).isFalse();
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.stderr())
        .contains("--allow-mounts org.osbuild.qcow2: no such stage or assembler in the libdir");
  }

  @Test
  void withSourceDateEpochTwoBuildsInTwoFreshStoresGiveTheSameArchive() throws Exception {
    Map<String, String> env = Map.of("SOURCE_DATE_EPOCH", "1700000000");
    List<String> hashes = new ArrayList<>();
    for (String n : List.of("a", "b")) {
      Run run =
          osbuild(
              env,
              "--isolation",
              "host",
              "--store",
              dir.resolve("store-" + n).toString(),
              "-o",
              dir.resolve("out-" + n).toString(),
              SAMPLE.toString());
      assertThat(run.status()).as(run.stderr()).isZero();
      hashes.add(Sha256.hex(Files.readAllBytes(dir.resolve("out-" + n + "/tree.tar.gz"))));
      Thread.sleep(1100); // let the clock move on, so unclamped times would differ
    }
    assertThat(hashes.get(0)).isEqualTo(hashes.get(1));
  }

  @Test
  void anUnknownKeyExitsWithStatusTwoNamingThePathAndLeavesTheStoreAlone() throws Exception {
    Path manifest =
        write(
            "{\"stages\": [{\"name\": \"org.osbuild.hostname\", \"options\": {\"hostname\": \"x\"},"
                + " \"extra\": 1}]}");
    Run run = build(dir.resolve("store"), dir.resolve("out"), manifest);

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stderr()).contains(".stages[0].extra: unknown key");
    assertThat(run.json().at("/error/problems/0/path").asText()).isEqualTo(".stages[0].extra");
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void aWrongOptionTypeExitsWithStatusTwoNamingTheOption() throws Exception {
    Path manifest =
        write(
            "{\"stages\": [{\"name\": \"org.osbuild.hostname\", \"options\": {\"hostname\": 42}}]}");
    Run run = build(dir.resolve("store"), dir.resolve("out"), manifest);

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stderr()).contains(".stages[0].options.hostname");
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void anUnknownStageNameExitsWithStatusTwo() throws Exception {
    Path manifest = write("{\"stages\": [{\"name\": \"org.osbuild.nonexistent\"}]}");
    Files.createDirectories(dir.resolve("lib/stages"));
    Run run =
        build(
            dir.resolve("store"),
            dir.resolve("out"),
            manifest,
            "-l",
            dir.resolve("lib").toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stderr())
        .contains(".stages[0].name: unknown stage 'org.osbuild.nonexistent'")
        .contains(dir.resolve("lib/stages/org.osbuild.nonexistent").toString());
  }

  @Test
  void theSeedsAnacondaStageIsRefusedWithStatusTwoSayingWhyItCannotRunOnDebian() throws Exception {
    Path manifest =
        write(
            "{\"stages\": [{\"name\": \"org.osbuild.anaconda\","
                + " \"options\": {\"kickstart\": \"text\\n\"}}]}");

    Run run = build(dir.resolve("store"), dir.resolve("out"), manifest);

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stderr())
        .contains(".stages[0].name: unknown stage 'org.osbuild.anaconda': not supported on Debian")
        .contains("which Debian does not package");
    assertThat(dir.resolve("store/objects")).doesNotExist();
  }

  @Test
  void aMissingManifestFileOrMissingOutputIsACommandLineError() throws Exception {
    assertThat(build(dir.resolve("store"), dir.resolve("out"), dir.resolve("nope.json")).status())
        .isEqualTo(2);
    Run noOutput =
        osbuild(
            Map.of(),
            "--isolation",
            "host",
            "--store",
            dir.resolve("store").toString(),
            SAMPLE.toString());
    assertThat(noOutput.status()).isEqualTo(2);
    assertThat(noOutput.stderr()).contains("-o DIR");
    assertThat(osbuild(Map.of(), "--no-such-flag", SAMPLE.toString()).status()).isEqualTo(2);
  }

  @Test
  void anExternalStageFromTheLibdirRunsOverTheStageProtocol() throws Exception {
    Path stages = Files.createDirectories(dir.resolve("lib/stages"));
    Path stage = stages.resolve("org.example.greeting");
    // Reads its JSON from standard input, as osbuild's stages do, and writes into the tree.
    Files.writeString(
        stage,
        """
        #!/bin/sh
        set -e
        input=$(cat)
        tree=$(printf '%s' "$input" | sed -n 's/.*"tree" *: *"\\([^"]*\\)".*/\\1/p')
        text=$(printf '%s' "$input" | sed -n 's/.*"text" *: *"\\([^"]*\\)".*/\\1/p')
        mkdir -p "$tree/etc"
        printf '%s\\n' "$text" > "$tree/etc/motd"
        echo "wrote motd"
        """);
    stage.toFile().setExecutable(true);
    Path manifest =
        write(
            """
        {"stages": [{"name": "org.example.greeting", "options": {"text": "hello"}}],
         "assembler": {"name": "org.osbuild.tar", "options": {"filename": "t.tar.gz", "compression": "gzip"}}}
        """);

    Run run =
        build(
            dir.resolve("store"),
            dir.resolve("out"),
            manifest,
            "-l",
            dir.resolve("lib").toString(),
            "-v");

    assertThat(run.status()).as(run.stderr()).isZero();
    assertThat(run.stderr()).contains("| wrote motd");
    assertThat(tarFile(dir.resolve("out/t.tar.gz"), "./etc/motd")).isEqualTo("hello\n");
  }

  @Test
  void aFailingStageExitsWithStatusOneAndTheJsonNamesItsStatusAndOutput() throws Exception {
    libdirStage("org.example.fail", "#!/bin/sh\necho 'disk full' >&2\nexit 5\n");
    Path manifest =
        write(
            "{\"stages\": [{\"name\": \"org.osbuild.hostname\", \"options\": {\"hostname\": \"a\"}},"
                + " {\"name\": \"org.example.fail\"}]}");

    Run run =
        build(
            dir.resolve("store"),
            dir.resolve("out"),
            manifest,
            "-l",
            dir.resolve("lib").toString());

    assertThat(run.status()).isEqualTo(1);
    JsonNode error = run.json().get("error");
    assertThat(error.at("/stage/name").asText()).isEqualTo("org.example.fail");
    assertThat(error.at("/stage/id").asText()).isEqualTo(Manifest.read(manifest).stageIds().get(1));
    assertThat(error.get("exit_status").asInt()).isEqualTo(5);
    assertThat(error.get("output_tail").get(0).asText()).isEqualTo("disk full");
    String message = error.get("message").asText();
    Path log =
        Path.of(message.substring(message.indexOf("full log: ") + "full log: ".length()).trim());
    assertThat(Files.readString(log)).contains("disk full");
  }

  @Test
  void timelineDrawsEveryStepOfTheBuildAndOfItsCachedRebuildAsAnSvgPicture() throws Exception {
    Path store = dir.resolve("store");
    Path picture = dir.resolve("cold.svg");
    Run cold = build(store, dir.resolve("out"), SAMPLE, "--timeline", picture.toString());
    Run warm =
        build(store, dir.resolve("out"), SAMPLE, "--timeline", dir.resolve("warm.html").toString());

    assertThat(cold.status()).as(cold.stderr()).isZero();
    assertThat(warm.status()).as(warm.stderr()).isZero();
    assertThat(cold.stderr()).contains("timeline: " + picture);
    org.w3c.dom.Document svg =
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(picture.toFile());
    List<String> titles = texts(svg.getElementsByTagName("title"));
    List<String> sampleSteps =
        List.of(
            "tree: stage 1/5 org.osbuild.noop: ran",
            "tree: stage 2/5 org.osbuild.hostname: ran",
            "tree: stage 3/5 org.osbuild.timezone: ran",
            "tree: stage 4/5 org.osbuild.locale: ran",
            "tree: assembler 5/5 org.osbuild.tar: ran");
    assertThat(titles).hasSize(5);
    for (int i = 0; i < 5; i++) assertThat(titles.get(i)).startsWith(sampleSteps.get(i));
    String page = Files.readString(dir.resolve("warm.html"));
    assertThat(page).startsWith("<!DOCTYPE html>").contains("0 ran, 5 from the store");
  }

  @Test
  void aFailedBuildStillLeavesItsTimelineWithTheFailedStepAndABadPathIsRefusedFirst()
      throws Exception {
    libdirStage("org.example.fail", "#!/bin/sh\nexit 3\n");
    Path manifest = write("{\"stages\": [{\"name\": \"org.example.fail\"}]}");
    Path picture = dir.resolve("failed.svg");

    Run failed =
        build(
            dir.resolve("store"),
            dir.resolve("out"),
            manifest,
            "-l",
            dir.resolve("lib").toString(),
            "--timeline",
            picture.toString());
    Run badPath =
        build(
            dir.resolve("store2"),
            dir.resolve("out"),
            manifest,
            "--timeline",
            dir.resolve("no/such/dir/t.svg").toString());

    assertThat(failed.status()).isEqualTo(1);
    assertThat(Files.readString(picture))
        .contains("tree: stage 1/1 org.example.fail: failed")
        .contains("fill=\"#e45756\"");
    assertThat(badPath.status()).isEqualTo(2);
    assertThat(badPath.stderr()).contains("--timeline").contains("no such directory");
    assertThat(dir.resolve("store2")).doesNotExist();
  }

  /** An executable stage {@code name} in {@code dir/lib/stages}, running {@code script}. */
  private void libdirStage(String name, String script) throws Exception {
    Path stage = Files.createDirectories(dir.resolve("lib/stages")).resolve(name);
    Files.writeString(stage, script);
    stage.toFile().setExecutable(true);
  }

  private static List<String> texts(org.w3c.dom.NodeList nodes) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) texts.add(nodes.item(i).getTextContent());
    return texts;
  }

  @Test
  void theJsonSeqMonitorWritesOneParsableRecordPerEventWithEveryStagesStartAndResult()
      throws Exception {
    Run run =
        osbuild(
            Map.of(),
            "--isolation",
            "host",
            "--store",
            dir.resolve("store").toString(),
            "-o",
            dir.resolve("out").toString(),
            "--monitor",
            "JSONSeqMonitor",
            "--monitor-fd",
            "1",
            SAMPLE.toString());

    assertThat(run.status()).as(run.stderr()).isZero();
    assertThat(run.stdout()).startsWith("\u001e");
    List<JsonNode> records = new ArrayList<>();
    for (String text : run.stdout().substring(1).split("\u001e")) {
      assertThat(text).endsWith("\n");
      records.add(Json.mapper().readTree(text));
    }
    List<String> started = new ArrayList<>();
    List<String> finished = new ArrayList<>();
    for (JsonNode record : records) {
      assertThat(record.has("timestamp")).isTrue();
      String message = record.get("message").asText();
      if (message.startsWith("Starting stage"))
        started.add(record.at("/context/pipeline/stage/name").asText());
      if (record.has("result")) {
        assertThat(record.at("/result/success").asBoolean()).isTrue();
        finished.add(record.at("/result/name").asText());
      }
    }
    List<String> stageNames = Manifest.read(SAMPLE).stages().stream().map(s -> s.name()).toList();
    assertThat(started).isEqualTo(stageNames);
    assertThat(finished)
        .containsExactly(
            stageNames.get(0),
            stageNames.get(1),
            stageNames.get(2),
            stageNames.get(3),
            "org.osbuild.tar");
  }

  @Test
  void storeCommandsListPruneAndClearTheTrees() throws Exception {
    Path store = dir.resolve("store");
    assertThat(build(store, dir.resolve("out"), SAMPLE).status()).isZero();

    Run list = osbuild(Map.of(), "store", "list", "--store", store.toString());
    assertThat(list.status()).as(list.stderr()).isZero();
    for (String id : Manifest.read(SAMPLE).stageIds()) {
      assertThat(list.stdout()).contains(id);
    }
    assertThat(list.stdout()).contains("org.osbuild.hostname").contains("5 trees and images");

    Run prune = osbuild(Map.of(), "store", "prune", "--max-size", "0", "--store", store.toString());
    assertThat(prune.status()).as(prune.stderr()).isZero();
    assertThat(osbuild(Map.of(), "store", "list", "--store", store.toString()).stdout())
        .contains("0 trees and images");

    assertThat(build(store, dir.resolve("out"), SAMPLE).status()).isZero();
    Run clear = osbuild(Map.of(), "store", "clear", "--store", store.toString());
    assertThat(clear.status()).as(clear.stderr()).isZero();
    assertThat(osbuild(Map.of(), "store", "list", "--store", store.toString()).stdout())
        .contains("0 trees and images");
    assertThat(
            osbuild(Map.of(), "store", "prune", "--max-size", "lots", "--store", store.toString())
                .status())
        .isEqualTo(2);
  }

  @Test
  void exportCopiesTheFinishedTreeIntoTheOutput() throws Exception {
    Run run =
        build(
            dir.resolve("store"),
            dir.resolve("out"),
            SAMPLE,
            "--export",
            "tree",
            "--checkpoint",
            "x");

    assertThat(run.status()).as(run.stderr()).isZero();
    assertThat(dir.resolve("out/tree/etc/hostname")).hasContent("demo");
    assertThat(Files.readSymbolicLink(dir.resolve("out/tree/etc/localtime")).toString())
        .isEqualTo("../usr/share/zoneinfo/Europe/Berlin");
    Run unknown = build(dir.resolve("store"), dir.resolve("out"), SAMPLE, "--export", "nope");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("no such pipeline; this manifest has tree");
  }

  @Test
  void exportWorksForAPipelineWithoutAnAssemblerWhoseOutputDirectoryDoesNotExistYet()
      throws Exception {
    Path manifest =
        write(
            """
            {"stages": [{"name": "org.osbuild.hostname", "options": {"hostname": "no-assembler"}}]}
            """);

    Run run = build(dir.resolve("store"), dir.resolve("new/out"), manifest, "--export", "tree");

    assertThat(run.status()).as(run.stderr()).isZero();
    assertThat(dir.resolve("new/out/tree/etc/hostname")).hasContent("no-assembler\n");
  }

  @Test
  void aSmallCacheMaxSizeKeepsTheStoreWithinIt() throws Exception {
    Path store = dir.resolve("store");
    Run run = build(store, dir.resolve("out"), SAMPLE, "--cache-max-size", "0");

    assertThat(run.status()).as(run.stderr()).isZero();
    assertThat(osbuild(Map.of(), "store", "list", "--store", store.toString()).stdout())
        .containsPattern("[01] trees");
  }

  @Test
  void breakOpensAShellInTheStagesSandboxBeforeItRunsAndTheBuildGoesOnWhenItExitsZero()
      throws Exception {
    // A separate JVM: the shell takes over standard input, which this test feeds.
    Process launcher =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--isolation",
                "host",
                "--store",
                dir.resolve("store").toString(),
                "-o",
                dir.resolve("out").toString(),
                "--break",
                "org.osbuild.timezone",
                "--export",
                "tree",
                SAMPLE.toString())
            .redirectErrorStream(true)
            .start();
    launcher
        .getOutputStream()
        .write("echo from-the-shell > \"$TREE/marker\"\nexit 0\n".getBytes(StandardCharsets.UTF_8));
    launcher.getOutputStream().close();
    String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(launcher.waitFor()).as(output).isZero();
    assertThat(output).contains("breaking into a shell before stage 3/5 org.osbuild.timezone");
    assertThat(dir.resolve("out/tree/marker")).hasContent("from-the-shell");
    assertThat(dir.resolve("out/tree/etc/timezone")).exists();
  }

  private Path write(String json) throws Exception {
    Path file = Files.createTempFile(dir, "manifest", ".json");
    Files.writeString(file, json);
    return file;
  }
}
