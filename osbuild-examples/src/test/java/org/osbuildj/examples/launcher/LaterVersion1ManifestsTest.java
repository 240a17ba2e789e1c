package org.osbuildj.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.core.pipeline.Pipeline;

/**
 * Manifests of osbuild's later version-1 form (test resources {@code osbuild-v20/}, copied
 * unchanged from osbuild at tag v20): each reads with its runner and sources, equals its plain form
 * in ids, writes back equal, and {@code --inspect} prints it in its form where every stage exists
 * here, or names exactly what is missing. And the launcher with such a manifest, without root.
 */
class LaterVersion1ManifestsTest {
  @TempDir Path dir;

  private static Path v20(String file) throws URISyntaxException {
    return Path.of(LaterVersion1ManifestsTest.class.getResource("/osbuild-v20/" + file).toURI());
  }

  record Run(int status, String stdout, String stderr) {}

  private static Run osbuild(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            args);
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @CsvSource({"noop.json, '', 0", "kernel-cmdline-a.json, org.osbuild.fedora30, 196"})
  void eachReadsWithItsRunnerAndSourcesAndHasTheIdsOfItsPlainForm(
      String file, String runner, int sourceFiles) throws Exception {
    Manifest read = Manifest.load(v20(file));

    assertThat(read.form()).isEqualTo(Manifest.Form.WRAPPED);
    assertThat(read.pipeline().runner().orElse("")).isEqualTo(runner);
    assertThat(read.sources().byType()).containsOnlyKeys("org.osbuild.files");
    assertThat(read.sources().files()).hasSize(sourceFiles);
    Pipeline withoutRunner = read.pipeline().toBuilder().runner(null).build();
    Pipeline plain = Manifest.read(Manifest.write(withoutRunner));
    assertThat(plain).isEqualTo(read.pipeline());
    assertThat(plain.stageIds()).isEqualTo(read.pipeline().stageIds());
    assertThat(plain.assemblerId()).isEqualTo(read.pipeline().assemblerId());
    assertThat(Manifest.load(read.text())).isEqualTo(read);
  }

  @Test
  void inspectOfTheNoopSamplePrintsItInTheWrappedFormWithIdsAndSources() throws Exception {
    Run run =
        osbuild(
            "--inspect", "--store", dir.resolve("store").toString(), v20("noop.json").toString());

    assertThat(run.status()).as(run.stderr()).isZero();
    JsonNode printed = Json.mapper().readTree(run.stdout());
    Manifest read = Manifest.load(v20("noop.json"));
    assertThat(printed.get("pipeline").get("stages").findValuesAsText("id"))
        .isEqualTo(read.pipeline().stageIds());
    assertThat(printed.at("/pipeline/assembler/id").asText())
        .isEqualTo(read.pipeline().assemblerId().orElseThrow());
    assertThat(printed.get("sources"))
        .isEqualTo(Json.mapper().readTree("{\"org.osbuild.files\": {\"urls\": {}}}"));
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void inspectOfAManifestWhoseStagesAreMissingHereNamesThemWithTheirPathsInTheWrappedForm()
      throws Exception {
    Run run =
        osbuild(
            "--inspect",
            "--store",
            dir.resolve("store").toString(),
            v20("kernel-cmdline-a.json").toString());

    assertThat(run.status()).as(run.stderr()).isEqualTo(2);
    assertThat(run.stderr())
        .contains(".pipeline.build.pipeline.stages[0].name: unknown stage 'org.osbuild.rpm'");
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void aSourceThatCannotBeFetchedFailsTheBuildNamingItsUrlBeforeAnyStageRuns() throws Exception {
    Path missing = dir.resolve("missing.txt");
    String checksum = "sha256:" + Sha256.hex("never written\n");
    Path manifest =
        Files.writeString(
            dir.resolve("manifest.json"),
            ("{\"pipeline\": {\"stages\": [{\"name\": \"org.osbuild.hostname\", \"options\":"
                    + " {\"hostname\": \"h\"}}]},"
                    + " \"sources\": {\"org.osbuild.files\": {\"urls\": {\"%s\": \"%s\"}}}}")
                .formatted(checksum, missing.toUri()));

    Run run =
        osbuild(
            "--isolation", "host", "--store", dir.resolve("store").toString(), manifest.toString());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.stderr())
        .contains(
            "osbuild: cannot fetch source "
                + checksum
                + " from "
                + missing.toUri()
                + ": no such file "
                + missing)
        .doesNotContain("org.osbuild.hostname");
    try (var objects = Files.list(dir.resolve("store/objects"))) {
      assertThat(objects).isEmpty();
    }
    try (var files = Files.walk(dir.resolve("store/sources"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }
}
