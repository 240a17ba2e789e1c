package org.osbuildj.core.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.fetch.SourceFetchException;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.manifest.InvalidManifestException;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.source.RemoteFile;
import org.osbuildj.core.source.Sources;
import org.osbuildj.core.testing.RecordingIsolation;
import org.osbuildj.core.testing.TempDirectoryStore;
import org.osbuildj.core.testing.TestStages;

/**
 * A manifest's sources in a build: fetched before any stage runs, shown to every stage (and no
 * assembler) as the directory its {@code "sources"} argument names, checked before anything runs.
 */
class OsbuildSourcesTest {
  private static final String CONTENT = "a file from a source\n";
  private static final String CHECKSUM = "sha256:" + Sha256.hex(CONTENT);

  @TempDir Path dir;
  TempDirectoryStore store;
  RecordingIsolation isolation;
  List<BuildEvent> events;
  Osbuild osbuild;
  Path file;

  @BeforeEach
  void setUp() throws Exception {
    // File sources must be readable by every user; JUnit makes its directory 0700.
    Files.setPosixFilePermissions(
        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    store = new TempDirectoryStore(dir.resolve("store"));
    isolation = new RecordingIsolation(true);
    events = new ArrayList<>();
    Path lib = Files.createDirectories(dir.resolve("lib/stages"));
    Path stage = lib.resolve("test.request");
    // Keeps the JSON it was given in the tree, and a copy of the source file named in "path".
    Files.writeString(
        stage,
        """
        #!/bin/sh
        set -eu
        input=$(cat)
        field() { printf '%s' "$input" | sed -n "s/.*\\"$1\\" *: *\\"\\([^\\"]*\\)\\".*/\\1/p"; }
        tree=$(field tree)
        printf '%s' "$input" > "$tree/request.json"
        cp "$(field sources)/$(field path)" "$tree/copied"
        """);
    Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
    osbuild =
        Osbuild.builder()
            .store(store)
            .isolation(isolation)
            .catalog(
                StageCatalog.empty()
                    .with(TestStages.shell())
                    .with(TestStages.copyOut())
                    .withLibdir(dir.resolve("lib")))
            .listener(events::add)
            .build();
    file = Files.writeString(dir.resolve("source.txt"), CONTENT);
  }

  private Manifest copying(String url) {
    Pipeline pipeline =
        Pipeline.builder()
            .stage(
                Stage.of(
                    "test.request", Json.object().put("path", "org.osbuild.files/" + CHECKSUM)))
            .assembler(
                Assembler.of(
                    "test.copy-out",
                    Json.object().put("path", "copied").put("filename", "out.txt")))
            .build();
    return Manifest.of(pipeline, Sources.files(RemoteFile.of(CHECKSUM, url)));
  }

  @Test
  void anExternalStageGetsTheSourcesArgumentAndReadsTheFetchedFileThere() throws Exception {
    Manifest manifest = copying(file.toUri().toString());

    osbuild.build(manifest, dir.resolve("out"));

    assertThat(Files.readString(dir.resolve("out/out.txt"))).isEqualTo(CONTENT);
    String stageId = manifest.pipeline().stageIds().get(0);
    JsonNode request =
        Json.mapper().readTree(store.objectPath(stageId).resolve("request.json").toFile());
    List<String> fields = new ArrayList<>();
    request.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("tree", "options", "sources");
    List<SandboxSpec> sandboxes = isolation.sandboxes();
    assertThat(sandboxes).hasSize(2);
    assertThat(request.get("sources").asText())
        .isEqualTo(sandboxes.get(0).sources().orElseThrow().toString());
    assertThat(sandboxes.get(1).sources()).as("the assembler's").isEmpty();
    assertThat(store.sourceIds()).containsExactly(Sha256.hex(CONTENT));
    assertThat(sandboxes.get(0).sources().get()).as("the build's view is gone").doesNotExist();
  }

  @Test
  void fetchingHappensBeforeAnyStageAndIsReported() throws Exception {
    osbuild.build(copying(file.toUri().toString()), dir.resolve("out"));

    assertThat(events.get(0)).isInstanceOf(BuildEvent.SourceFetched.class);
    assertThat(events.get(1)).isInstanceOf(BuildEvent.PipelineStarted.class);
  }

  @Test
  void aSourceThatCannotBeFetchedStopsTheBuildBeforeAnyStageRuns() throws Exception {
    Path missing = dir.resolve("missing.txt");

    SourceFetchException e =
        catchThrowableOfType(
            SourceFetchException.class,
            () -> osbuild.build(copying(missing.toUri().toString()), dir.resolve("out")));

    assertThat(e).hasMessageContaining(missing.toUri().toString()).hasMessageContaining(CHECKSUM);
    assertThat(isolation.sandboxes()).isEmpty();
    assertThat(store.commits()).isEmpty();
    assertThat(store.sourceIds()).isEmpty();
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aManifestWithoutSourcesGivesItsStagesNone() throws Exception {
    Pipeline pipeline =
        Pipeline.builder()
            .stage(Stage.of("test.shell", Json.object().put("script", "test -z \"${SOURCES:-}\"")))
            .build();

    osbuild.build(Manifest.of(pipeline), null);

    assertThat(isolation.sandboxes())
        .singleElement()
        .satisfies(s -> assertThat(s.sources()).isEmpty());
  }

  @Test
  void aSourceWithoutFilesStillGivesStagesItsEmptyDirectory() throws Exception {
    Pipeline pipeline =
        Pipeline.builder()
            .stage(
                Stage.of(
                    "test.shell",
                    Json.object().put("script", "test -d \"$SOURCES/org.osbuild.files\"")))
            .build();
    Manifest manifest =
        Manifest.load(
            "{\"pipeline\": "
                + Manifest.write(pipeline)
                + ", \"sources\": {\"org.osbuild.files\": {\"urls\": {}}}}");

    osbuild.build(manifest, null);

    assertThat(isolation.sandboxes())
        .singleElement()
        .satisfies(s -> assertThat(s.sources()).isPresent());
  }

  @Test
  void aSecretsProviderIsRefusedBeforeAnythingRunsNamingItsPath() throws Exception {
    Manifest manifest =
        Manifest.load(
            ("{\"pipeline\": {\"stages\": [{\"name\": \"test.shell\", \"options\": {\"script\":"
                    + " \"true\"}}]}, \"sources\": {\"org.osbuild.files\": {\"urls\": {\"%s\":"
                    + " {\"url\": \"%s\", \"secrets\": {\"name\": \"org.osbuild.rhsm\"}}}}}}")
                .formatted(CHECKSUM, file.toUri()));

    InvalidManifestException e =
        catchThrowableOfType(
            InvalidManifestException.class, () -> osbuild.build(manifest, dir.resolve("out")));

    assertThat(e.problems())
        .extracting(Problem::path)
        .containsExactly(".sources.org.osbuild.files.urls." + CHECKSUM + ".secrets");
    assertThat(store.sourceIds()).isEmpty();
    assertThat(isolation.sandboxes()).isEmpty();
  }

  @Test
  void problemsOfAWrappedManifestHaveItsPaths() {
    Manifest manifest =
        Manifest.load(
            "{\"pipeline\": {\"build\": {\"pipeline\": {\"stages\": [{\"name\": \"no.such\"}]},"
                + " \"runner\": \"org.osbuild.fedora30\"}, \"stages\": [{\"name\": \"no.such\"}]}}");

    PipelineCheck check = Osbuild.check(manifest, StageCatalog.empty());

    assertThat(check.problems())
        .extracting(Problem::path)
        .containsExactly(".pipeline.build.pipeline.stages[0].name", ".pipeline.stages[0].name");
    assertThat(Osbuild.check(manifest.pipeline(), StageCatalog.empty()).problems())
        .extracting(Problem::path)
        .containsExactly(".build.stages[0].name", ".stages[0].name");
  }

  @Test
  void theSameFileNamedTwiceInTwoBuildsIsFetchedOnce() throws Exception {
    Manifest manifest = copying(file.toUri().toString());
    osbuild.build(manifest, dir.resolve("out"));
    Files.delete(file);
    events.clear();

    Manifest changed =
        Manifest.of(
            manifest.pipeline().toBuilder()
                .stage(Stage.of("test.shell", Json.object().put("script", "true")))
                .build(),
            manifest.sources());
    osbuild.build(changed, dir.resolve("out2"));

    assertThat(events)
        .filteredOn(BuildEvent.SourceFetched.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((BuildEvent.SourceFetched) e).cached()).isTrue());
    assertThat(Files.readString(dir.resolve("out2/out.txt"))).isEqualTo(CONTENT);
  }
}
