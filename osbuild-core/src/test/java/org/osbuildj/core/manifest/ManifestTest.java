package org.osbuildj.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;

class ManifestTest {
  private static final String SAMPLE =
      """
      {
        "build": {
          "stages": [{"name": "org.osbuild.noop", "options": {"marker": "build"}}]
        },
        "stages": [
          {"name": "org.osbuild.hostname", "options": {"hostname": "demo"}},
          {"name": "org.osbuild.timezone", "options": {"zone": "Europe/Berlin"}}
        ],
        "assembler": {"name": "org.osbuild.tar", "options": {"filename": "root.tar"}}
      }
      """;

  private static Pipeline sampleInCode() {
    Pipeline build =
        Pipeline.builder()
            .stage(Stage.of("org.osbuild.noop", Json.object().put("marker", "build")))
            .build();
    return Pipeline.builder()
        .buildPipeline(build)
        .stage(Stage.of("org.osbuild.hostname", Json.object().put("hostname", "demo")))
        .stage(Stage.of("org.osbuild.timezone", Json.object().put("zone", "Europe/Berlin")))
        .assembler(Assembler.of("org.osbuild.tar", Json.object().put("filename", "root.tar")))
        .build();
  }

  private static InvalidManifestException invalid(String json) {
    return catchThrowableOfType(InvalidManifestException.class, () -> Manifest.read(json));
  }

  @Test
  void aManifestAndTheSamePipelineBuiltInCodeAreEqualWithEqualIds() {
    Pipeline read = Manifest.read(SAMPLE);
    assertThat(read).isEqualTo(sampleInCode());
    assertThat(read.stageIds()).isEqualTo(sampleInCode().stageIds());
    assertThat(read.assemblerId()).isEqualTo(sampleInCode().assemblerId());
  }

  @Test
  void writingThenReadingGivesAnEqualPipeline() {
    Pipeline original = sampleInCode();
    assertThat(Manifest.read(Manifest.write(original))).isEqualTo(original);
  }

  @Test
  void aManifestWithIdsFilledInReadsBackEqual() {
    Pipeline original = sampleInCode();
    String inspected = Json.pretty(ManifestWriter.toJsonWithIds(original));
    assertThat(inspected).contains(original.stageIds().get(1));
    assertThat(Manifest.read(inspected)).isEqualTo(original);
  }

  @Test
  void capabilitiesInAManifestAsInspectPrintsThemAreIgnoredAndGrantNothing() {
    Pipeline claimed =
        Manifest.read(
            "{\"stages\": [{\"name\": \"org.osbuild.noop\","
                + " \"capabilities\": [\"CAP_SYS_MODULE\", \"CAP_SYS_ADMIN\"]}]}");
    Pipeline plain = Manifest.read("{\"stages\": [{\"name\": \"org.osbuild.noop\"}]}");

    assertThat(claimed).isEqualTo(plain);
    assertThat(claimed.stageIds()).isEqualTo(plain.stageIds());
  }

  @Test
  void anIdThatDoesNotMatchTheStageIsAnError() {
    String wrong = "0".repeat(64);
    var e = invalid("{\"stages\": [{\"name\": \"org.osbuild.noop\", \"id\": \"" + wrong + "\"}]}");
    assertThat(e.problems()).extracting(Problem::path).containsExactly(".stages[0].id");
  }

  @Test
  void anUnknownKeyIsAnErrorNamingItsPath() {
    var e =
        invalid(
            "{\"build\": {\"stages\": [{\"name\": \"a.b\"}, {\"name\": \"a.b\"}, "
                + "{\"name\": \"a.b\", \"option\": {}}]}, \"stages\": []}");
    assertThat(e.problems()).extracting(Problem::path).containsExactly(".build.stages[2].option");
    assertThat(e.getMessage()).contains(".build.stages[2].option: unknown key");
  }

  @Test
  void wrongTypesAreErrorsThatSayWhatWasExpected() {
    var e =
        invalid(
            "{\"stages\": {}, \"assembler\": {\"name\": 3, \"options\": []}, \"base\": \"abc\"}");
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            ".stages: expected an array of stages, got an object",
            ".assembler.name: expected an assembler name (letters, digits and . _ + -), got a number (3)",
            ".assembler.options: expected an object, got an array",
            ".base: expected a tree id (64 lower-case hex digits), got a string (\"abc\")");
  }

  @Test
  void aMissingNameIsAnError() {
    var e = invalid("{\"stages\": [{\"options\": {}}]}");
    assertThat(e.problems()).extracting(Problem::path).containsExactly(".stages[0].name");
  }

  @Test
  void aStageNameThatCouldLeaveTheStagesDirectoryIsRefused() {
    var e = invalid("{\"stages\": [{\"name\": \"../../bin/sh\"}]}");
    assertThat(e.problems()).extracting(Problem::path).containsExactly(".stages[0].name");
  }

  @Test
  void brokenJsonNamesTheLineAndColumn() {
    var e = invalid("{\n  \"stages\": [,]\n}");
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo(".");
              assertThat(p.message()).contains("line 2");
            });
  }

  @Test
  void duplicateKeysAreAnError() {
    var e = invalid("{\"stages\": [], \"stages\": []}");
    assertThat(e.getMessage()).contains("Duplicate field 'stages'");
  }

  @Test
  void aBuildPipelineWithoutStagesOrBaseIsAnError() {
    var e = invalid("{\"build\": {\"stages\": []}, \"stages\": []}");
    assertThat(e.problems()).extracting(Problem::path).containsExactly(".build");
  }

  @Test
  void aTopLevelThatIsNotAnObjectIsAnError() {
    assertThat(invalid("[]").problems())
        .extracting(Problem::toString)
        .containsExactly(".: expected a pipeline object, got an array");
  }
}
