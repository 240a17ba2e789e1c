package org.osbuildj.core.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.InvalidManifestException;
import org.osbuildj.core.manifest.ManifestV2;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipelines.NamedPipeline;
import org.osbuildj.core.pipelines.PipelineGraph;
import org.osbuildj.core.pipelines.PipelineStage;
import org.osbuildj.core.testing.RecordingIsolation;
import org.osbuildj.core.testing.TempDirectoryStore;

/** {@link Osbuild#build(PipelineGraph)}: format 2's pipelines run in order under osbuild's ids. */
class GraphRunTest {
  @TempDir Path dir;
  TempDirectoryStore store;
  RecordingIsolation isolation;
  List<BuildEvent> events;
  Osbuild osbuild;

  @BeforeEach
  void setUp() throws Exception {
    store = new TempDirectoryStore(dir.resolve("store"));
    isolation = new RecordingIsolation(true);
    events = new ArrayList<>();
    osbuild =
        Osbuild.builder()
            .store(store)
            .isolation(isolation)
            .catalog(StageCatalog.fromClassPath())
            .listener(events::add)
            .build();
  }

  private static PipelineStage hostname(String name) {
    return PipelineStage.of("org.osbuild.hostname", Json.object().put("hostname", name));
  }

  private static PipelineStage mkdir(String path) {
    PipelineStage.Builder stage = PipelineStage.builder("org.osbuild.mkdir");
    var options = Json.object();
    options.putArray("paths").addObject().put("path", path);
    return stage.options(options).build();
  }

  private static PipelineGraph twoPipelines() {
    return PipelineGraph.builder()
        .pipeline(NamedPipeline.builder("build").stage(mkdir("/etc")).build())
        .pipeline(
            NamedPipeline.builder("os")
                .build("build")
                .runner("org.osbuild.debian12")
                .stage(mkdir("/etc"))
                .stage(hostname("graph"))
                .build())
        .build();
  }

  @Test
  void everyStageIsStoredUnderOsbuildsIdAndTheBuildPipelinesTreeIsTheBuildRoot() throws Exception {
    PipelineGraph graph = twoPipelines();

    BuildResult result = osbuild.build(graph);

    assertThat(result.pipelines())
        .extracting(BuildResult.PipelineResult::name, BuildResult.PipelineResult::treeId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("build", graph.pipelineId("build")),
            org.assertj.core.groups.Tuple.tuple("os", graph.pipelineId("os")));
    assertThat(result.steps())
        .extracting(s -> s.step().id())
        .containsExactlyElementsOf(concat(graph.stageIds("build"), graph.stageIds("os")));
    for (String id : concat(graph.stageIds("build"), graph.stageIds("os"))) {
      assertThat(store.contains(id)).as(id).isTrue();
    }
    List<SandboxSpec> sandboxes = isolation.sandboxes();
    assertThat(sandboxes).hasSize(3);
    assertThat(sandboxes.get(0).buildRoot()).isEmpty();
    Optional<TreeMount> buildTree = sandboxes.get(1).buildRoot();
    assertThat(buildTree).isPresent();
    assertThat(sandboxes.get(2).buildRoot()).isEqualTo(buildTree);
    try (var lease = store.read(graph.pipelineId("os").orElseThrow())) {
      Path tree = ((TreeMount.Directory) lease.mount()).path();
      assertThat(Files.readString(tree.resolve("etc/hostname"))).isEqualTo("graph\n");
    }
  }

  @Test
  void aRebuildRunsNothingAndPipelinesAreReportedByName() throws Exception {
    osbuild.build(twoPipelines());
    events.clear();

    BuildResult again = osbuild.build(twoPipelines());

    assertThat(again.steps()).allMatch(BuildResult.StepResult::cached);
    assertThat(isolation.sandboxes()).hasSize(3);
    assertThat(events)
        .filteredOn(e -> e instanceof BuildEvent.PipelineStarted)
        .extracting(e -> ((BuildEvent.PipelineStarted) e).pipeline())
        .containsExactly("build", "os");
  }

  @Test
  void aChangedStageRunsItselfAndWhatFollowsOnly() throws Exception {
    osbuild.build(twoPipelines());
    PipelineGraph changed =
        PipelineGraph.builder()
            .pipeline(NamedPipeline.builder("build").stage(mkdir("/etc")).build())
            .pipeline(
                NamedPipeline.builder("os")
                    .build("build")
                    .stage(mkdir("/etc"))
                    .stage(hostname("other"))
                    .build())
            .build();

    BuildResult result = osbuild.build(changed);

    assertThat(result.steps())
        .extracting(BuildResult.StepResult::cached)
        .containsExactly(true, true, false);
  }

  @Test
  void chmodTakesItsFormat2Items() throws Exception {
    PipelineGraph graph =
        ManifestV2.read(
            """
            {"version": "2", "pipelines": [{"name": "os", "stages": [
              {"type": "org.osbuild.mkdir", "options": {"paths": [{"path": "/srv"}]}},
              {"type": "org.osbuild.chmod", "options": {"items": {"/srv": {"mode": "0700"}}}}
            ]}]}
            """);

    osbuild.build(graph);

    try (var lease = store.read(graph.pipelineId("os").orElseThrow())) {
      Path tree = ((TreeMount.Directory) lease.mount()).path();
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(tree.resolve("srv"))))
          .isEqualTo("rwx------");
    }
  }

  @Test
  void whatIsNotImplementedIsRefusedBeforeAnythingRunsEachAtItsPath() throws Exception {
    PipelineGraph graph =
        ManifestV2.read(
            """
            {"version": "2",
             "sources": {"org.osbuild.inline": {"items": {
               "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae":
                 {"encoding": "base64", "data": "Zm9v"}}}},
             "pipelines": [
              {"name": "a", "stages": [{"type": "org.osbuild.hostname",
                                        "options": {"hostname": "ok"}}]},
              {"name": "b", "stages": [
                {"type": "org.osbuild.truncate", "options": {"filename": "disk.img", "size": "1G"}},
                {"type": "org.osbuild.noop", "inputs": {"tree": {"type": "org.osbuild.tree",
                  "origin": "org.osbuild.pipeline", "references": ["name:a"]}}},
                {"type": "org.osbuild.mkdir", "options": {"paths": [{"path": "tree:///srv"}]}}]}
            ]}
            """);

    assertThatThrownBy(() -> osbuild.build(graph))
        .isInstanceOfSatisfying(
            InvalidManifestException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::path)
                    .containsExactly(
                        ".sources.org.osbuild.inline",
                        ".pipelines[1].stages[0].type",
                        ".pipelines[1].stages[1].inputs.tree",
                        ".pipelines[1].stages[2].options.paths[0].path"));
    List<Problem> problems = new Format2Support().unsupported(graph, StageCatalog.fromClassPath());
    assertThat(problems.get(1).message())
        .isEqualTo(
            "pipeline \"b\", stage 0 (org.osbuild.truncate): no format-2 implementation of this"
                + " stage yet (those there are: org.osbuild.chmod, org.osbuild.hostname,"
                + " org.osbuild.keymap,"
                + " org.osbuild.locale, org.osbuild.mkdir, org.osbuild.noop,"
                + " org.osbuild.timezone)");
    assertThat(problems.get(2).message())
        .isEqualTo(
            "pipeline \"b\", stage 1 (org.osbuild.noop): input tree (org.osbuild.tree) is not"
                + " implemented yet");
    assertThat(isolation.sandboxes()).isEmpty();
    assertThat(store.contains(graph.stageIds("a").get(0))).isFalse();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
