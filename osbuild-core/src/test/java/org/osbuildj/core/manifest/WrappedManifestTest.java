package org.osbuildj.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.source.Checksum;
import org.osbuildj.core.source.RemoteFile;
import org.osbuildj.core.source.Sources;

/**
 * The later form of osbuild's version-1 manifests, {@code {"pipeline": ..., "sources": ...}}, whose
 * build is {@code {"pipeline": ..., "runner": ...}}: read, written back, and equal to the seed's
 * plain form of the same pipeline.
 */
class WrappedManifestTest {
  private static final String HELLO = Sha256.hex("hello\n");
  private static final String WORLD = Sha256.hex("world\n");

  private static final String PLAIN =
      """
      {
        "build": {"stages": [{"name": "org.osbuild.noop", "options": {"marker": "build"}}]},
        "stages": [{"name": "org.osbuild.hostname", "options": {"hostname": "demo"}}],
        "assembler": {"name": "org.osbuild.tar", "options": {"filename": "root.tar"}}
      }
      """;

  private static final String WRAPPED =
      """
      {
        "pipeline": {
          "build": {
            "pipeline": {"stages": [{"name": "org.osbuild.noop", "options": {"marker": "build"}}]},
            "runner": "org.osbuild.fedora30"
          },
          "stages": [{"name": "org.osbuild.hostname", "options": {"hostname": "demo"}}],
          "assembler": {"name": "org.osbuild.tar", "options": {"filename": "root.tar"}}
        },
        "sources": {
          "org.osbuild.files": {
            "urls": {
              "sha256:%s": "https://example.org/hello.txt",
              "sha256:%s": {"url": "file:///srv/world.txt", "secrets": {"name": "org.osbuild.rhsm"}}
            }
          }
        }
      }
      """
          .formatted(HELLO, WORLD);

  private static InvalidManifestException invalid(String json) {
    return catchThrowableOfType(InvalidManifestException.class, () -> Manifest.load(json));
  }

  private static String withSources(String sources) {
    return "{\"pipeline\": {\"stages\": []}, \"sources\": " + sources + "}";
  }

  @Test
  void theWrappedFormAndThePlainFormOfOnePipelineReadEqualWithEqualIds() {
    Manifest wrapped = Manifest.load(WRAPPED);
    Pipeline plain = Manifest.read(PLAIN);

    assertThat(wrapped.form()).isEqualTo(Manifest.Form.WRAPPED);
    assertThat(wrapped.pipeline()).isEqualTo(plain);
    assertThat(wrapped.pipeline().stageIds()).isEqualTo(plain.stageIds());
    assertThat(wrapped.pipeline().assemblerId()).isEqualTo(plain.assemblerId());
    assertThat(wrapped.pipeline().buildId()).isEqualTo(plain.buildId());
  }

  @Test
  void theRunnerIsKeptOnThePipelineThatHasTheBuildAndIsPartOfNoId() {
    Pipeline pipeline = Manifest.load(WRAPPED).pipeline();

    assertThat(pipeline.runner()).contains("org.osbuild.fedora30");
    assertThat(pipeline.buildPipeline().orElseThrow().runner()).isEmpty();
    Pipeline otherRunner = pipeline.toBuilder().runner("org.osbuild.debian12").build();
    assertThat(otherRunner.stageIds()).isEqualTo(pipeline.stageIds());
    assertThat(otherRunner.assemblerId()).isEqualTo(pipeline.assemblerId());
  }

  @Test
  void theSourcesAreReadByTypeWithEachFilesChecksumUrlAndSecrets() {
    Sources sources = Manifest.load(WRAPPED).sources();

    assertThat(sources.byType()).containsOnlyKeys("org.osbuild.files");
    assertThat(sources.files())
        .extracting(Sources.TypedFile::file)
        .containsExactlyInAnyOrder(
            new RemoteFile(
                new Checksum(HELLO), URI.create("https://example.org/hello.txt"), Optional.empty()),
            new RemoteFile(
                new Checksum(WORLD),
                URI.create("file:///srv/world.txt"),
                Optional.of("org.osbuild.rhsm")));
    assertThat(sources.files())
        .extracting(Sources.TypedFile::relativePath)
        .contains("org.osbuild.files/sha256:" + HELLO);
  }

  @Test
  void writingThenReadingTheWrappedFormGivesAnEqualManifest() {
    Manifest original = Manifest.load(WRAPPED);

    Manifest again = Manifest.load(original.text());

    assertThat(again).isEqualTo(original);
    assertThat(again.pipeline().runner()).contains("org.osbuild.fedora30");
    JsonNode written = original.toJson();
    assertThat(written.at("/pipeline/build/runner").asText()).isEqualTo("org.osbuild.fedora30");
    assertThat(written.at("/pipeline/build/pipeline/stages/0/name").asText())
        .isEqualTo("org.osbuild.noop");
    assertThat(written.at("/sources/org.osbuild.files/urls/sha256:" + HELLO).asText())
        .isEqualTo("https://example.org/hello.txt");
    assertThat(written.at("/sources/org.osbuild.files/urls/sha256:" + WORLD + "/secrets/name"))
        .hasToString("\"org.osbuild.rhsm\"");
  }

  @Test
  void theWrappedFormWithIdsAsInspectPrintsItReadsBackEqual() {
    Manifest original = Manifest.load(WRAPPED);
    String inspected = Json.pretty(ManifestWriter.toJsonWithIds(original));

    assertThat(inspected).contains(original.pipeline().stageIds().get(0));
    assertThat(Manifest.load(inspected)).isEqualTo(original);
  }

  @Test
  void aPipelineBuiltInCodeWithARunnerIsWrittenInTheWrappedForm() {
    Pipeline build = Pipeline.builder().stage(Stage.of("org.osbuild.noop")).build();
    Pipeline pipeline =
        Pipeline.builder()
            .buildPipeline(build, "org.osbuild.fedora30")
            .stage(Stage.of("org.osbuild.noop"))
            .assembler(Assembler.of("org.osbuild.noop"))
            .build();

    String written = Manifest.write(pipeline);

    assertThat(Manifest.load(written).form()).isEqualTo(Manifest.Form.WRAPPED);
    assertThat(Manifest.read(written)).isEqualTo(pipeline);
    assertThat(Manifest.read(written).runner()).contains("org.osbuild.fedora30");
    assertThat(Manifest.write(pipeline.toBuilder().runner(null).build()))
        .doesNotContain("\"pipeline\"");
  }

  @Test
  void aRunnerWithoutABuildPipelineIsRefusedByTheBuilder() {
    assertThatThrownBy(() -> Pipeline.builder().runner("org.osbuild.fedora30").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a build pipeline");
  }

  @Test
  void aManifestInCodeWithSourcesIsWrappedAndWithoutThemPlain() {
    Pipeline pipeline = Pipeline.builder().stage(Stage.of("org.osbuild.noop")).build();
    Sources sources = Sources.files(RemoteFile.of("sha256:" + HELLO, "https://example.org/h"));

    assertThat(Manifest.of(pipeline, sources).form()).isEqualTo(Manifest.Form.WRAPPED);
    assertThat(Manifest.of(pipeline).form()).isEqualTo(Manifest.Form.PLAIN);
    assertThat(Manifest.load(Manifest.of(pipeline, sources).text()))
        .isEqualTo(Manifest.of(pipeline, sources));
  }

  @Test
  void anEmptyWrapperIsTheEmptyPipelineAndSourcesWithoutFilesAreStillSources() {
    assertThat(Manifest.load("{\"pipeline\": {}}").pipeline()).isEqualTo(Manifest.read("{}"));
    Manifest noFiles = Manifest.load(withSources("{\"org.osbuild.files\": {\"urls\": {}}}"));
    assertThat(noFiles.sources().isEmpty()).isFalse();
    assertThat(noFiles.sources().files()).isEmpty();
    assertThat(Manifest.load("{\"sources\": {}}").sources().isEmpty()).isTrue();
  }

  @Test
  void readingOnlyThePipelineOfAManifestWithSourcesIsRefusedRatherThanLosingThem() {
    var e = catchThrowableOfType(InvalidManifestException.class, () -> Manifest.read(WRAPPED));
    assertThat(e.problems()).extracting(Problem::path).containsExactly(".sources");
    assertThat(e.getMessage()).contains("Manifest.load");
  }

  @Test
  void aBadChecksumIsAnErrorNamingItsPath() {
    var e =
        invalid(
            withSources(
                "{\"org.osbuild.files\": {\"urls\": {\"sha256:abc\": \"https://example.org/a\","
                    + " \"md5:d41d8cd98f00b204e9800998ecf8427e\": \"https://example.org/b\"}}}"));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            ".sources.org.osbuild.files.urls.sha256:abc: expected a checksum"
                + " sha256:<64 lower-case hex digits>, got 'sha256:abc'",
            ".sources.org.osbuild.files.urls.md5:d41d8cd98f00b204e9800998ecf8427e: only sha256"
                + " checksums are supported (sha256:<64 lower-case hex digits>), got"
                + " 'md5:d41d8cd98f00b204e9800998ecf8427e': osbuild also accepted md5, sha1,"
                + " sha384 and sha512, which are not implemented here");
  }

  @Test
  void anUnknownOrUnsupportedSourceTypeIsAnErrorNamingItsPath() {
    var e =
        invalid(
            withSources(
                "{\"org.osbuild.curl\": {\"items\": {}}, \"org.osbuild.ostree\": {\"commits\": {}}}"));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            ".sources.org.osbuild.curl: unknown source type 'org.osbuild.curl' (a version-1"
                + " manifest's files source is org.osbuild.files)",
            ".sources.org.osbuild.ostree: source type org.osbuild.ostree (ostree commits) is not"
                + " supported here: only org.osbuild.files (files fetched from URLs) is");
  }

  @Test
  void aBadUrlIsAnErrorNamingItsPath() {
    String key = ".sources.org.osbuild.files.urls.sha256:";
    var e =
        invalid(
            withSources(
                ("{\"org.osbuild.files\": {\"urls\": {\"sha256:%s\": \"ftp://example.org/a\","
                        + " \"sha256:%s\": {\"url\": \"not a url\"},"
                        + " \"sha256:%s\": \"file:relative/path\"}}}")
                    .formatted(HELLO, WORLD, Sha256.hex("3"))));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            key
                + HELLO
                + ": expected an http, https or file URL, got 'ftp://example.org/a' (scheme ftp is"
                + " not fetched here)",
            key + WORLD + ".url: not a valid URL: Illegal character in path at index 3: not a url",
            key
                + Sha256.hex("3")
                + ": a file URL names an absolute path (file:///dir/file), got"
                + " 'file:relative/path'");
  }

  @Test
  void keysOsbuildsSchemaDoesNotAllowInASourceAreErrorsNamingThem() {
    String entry = ".sources.org.osbuild.files.urls.sha256:" + HELLO;
    var e =
        invalid(
            withSources(
                ("{\"org.osbuild.files\": {\"urls\": {\"sha256:%s\": {\"url\": \"https://e.org/a\","
                        + " \"insecure\": true, \"secrets\": {\"name\": \"x\", \"key\": \"k\"}}},"
                        + " \"mirror\": \"https://e.org\"}}")
                    .formatted(HELLO)));
    assertThat(e.problems())
        .extracting(Problem::path)
        .containsExactly(
            ".sources.org.osbuild.files.mirror", entry + ".insecure", entry + ".secrets.key");
  }

  @Test
  void aFileWithoutUrlAndSecretsWithoutNameAreErrors() {
    String entry = ".sources.org.osbuild.files.urls.sha256:";
    var e =
        invalid(
            withSources(
                ("{\"org.osbuild.files\": {\"urls\": {\"sha256:%s\": {},"
                        + " \"sha256:%s\": {\"url\": \"https://e.org/a\", \"secrets\": {}}}}}")
                    .formatted(HELLO, WORLD)));
    assertThat(e.problems())
        .extracting(Problem::path)
        .containsExactly(entry + HELLO + ".url", entry + WORLD + ".secrets.name");
  }

  @Test
  void aBuildOfTheWrappedFormHasOnlyPipelineAndRunner() {
    var e =
        invalid(
            "{\"pipeline\": {\"build\": {\"stages\": [{\"name\": \"org.osbuild.noop\"}],"
                + " \"runner\": 3}}}");
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            ".pipeline.build.stages: unknown key (a build has only pipeline and runner)",
            ".pipeline.build.runner: expected a runner name (letters, digits and . _ + -, such as"
                + " org.osbuild.fedora30), got a number (3)",
            ".pipeline.build.pipeline: missing: a build names the pipeline that makes its tree");
  }

  @Test
  void pathsInsideTheWrappedFormStartWithPipeline() {
    var e =
        invalid(
            "{\"pipeline\": {\"build\": {\"pipeline\": {\"stages\": [{\"name\": \"a.b\","
                + " \"option\": {}}]}, \"runner\": \"org.osbuild.fedora30\"}}, \"stages\": []}");
    assertThat(e.problems())
        .extracting(Problem::path)
        .containsExactly(".stages", ".pipeline.build.pipeline.stages[0].option");
    assertThat(e.getMessage())
        .contains(
            ".stages: unknown key (a manifest of the form {\"pipeline\": ..., \"sources\": ...}"
                + " has only those two)");
  }

  @Test
  void aRunnerInThePlainFormSaysWhereItBelongs() {
    var e = invalid("{\"build\": {\"stages\": [{\"name\": \"a.b\"}]}, \"runner\": \"x\"}");
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            ".runner: unknown key (a pipeline has only name, build, base, stages and assembler;"
                + " 'runner' belongs in a build {\"pipeline\": ..., \"runner\": ...}, in a manifest"
                + " of the form {\"pipeline\": ..., \"sources\": ...})");
  }

  @Test
  void keysOfFormatVersion2AreStillRefusedAndNamedAsSuch() {
    var e = invalid("{\"version\": \"2\", \"pipelines\": []}");
    assertThat(e.problems())
        .extracting(Problem::message)
        .allSatisfy(m -> assertThat(m).contains("belongs to osbuild's manifest format version 2"));
  }
}
