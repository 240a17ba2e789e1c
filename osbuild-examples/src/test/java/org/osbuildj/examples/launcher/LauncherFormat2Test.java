package org.osbuildj.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

  @Test
  void buildingAFormat2ManifestIsRefusedBeforeAnythingIsWritten() {
    Path store = dir.resolve("store");
    Path manifest = FORMAT2.resolve("build-chain.json");

    LauncherTest.Run run =
        launcher.osbuild(
            Map.of(),
            "--isolation",
            "host",
            "--store",
            store.toString(),
            "-o",
            dir.resolve("out").toString(),
            manifest.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stderr())
        .isEqualTo(
            "osbuild: "
                + manifest
                + ": building a manifest of format 2 is not implemented yet: only --inspect is"
                + " (see the README's \"Manifest format 2\")\n");
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
