package org.osbuildj.core.executor;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.event.StepRef;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.pipelines.NamedPipeline;
import org.osbuildj.core.pipelines.PipelineGraph;
import org.osbuildj.core.pipelines.PipelineStage;
import org.osbuildj.core.spi.StageImplementation;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;

/**
 * One build of a format-2 manifest ({@link Format2Support} says what of it): its pipelines in
 * manifest order, each from the longest prefix of its stages already stored, every stage committed
 * under the id osbuild gives it, so a rebuild of the same manifest runs nothing. A pipeline's
 * {@code build} names the earlier pipeline whose tree its stages run in; each finished tree is held
 * (leased) until the build ends.
 */
final class GraphRun {
  private final Osbuild osbuild;
  private final BuildRun steps;
  private final Map<String, TreeLease> trees = new LinkedHashMap<>();

  GraphRun(Osbuild osbuild) {
    this.osbuild = osbuild;
    this.steps = new BuildRun(osbuild);
  }

  BuildResult run(PipelineGraph graph) throws IOException {
    Instant start = Instant.now();
    List<BuildResult.PipelineResult> results = new ArrayList<>();
    try {
      for (NamedPipeline pipeline : graph.pipelines()) {
        results.add(buildPipeline(graph, pipeline));
      }
    } finally {
      closeTrees();
    }
    return new BuildResult(
        results, Optional.empty(), List.of(), Duration.between(start, Instant.now()));
  }

  private BuildResult.PipelineResult buildPipeline(PipelineGraph graph, NamedPipeline pipeline)
      throws IOException {
    Instant start = Instant.now();
    String name = pipeline.name();
    List<String> ids = graph.stageIds(name);
    Optional<TreeMount> buildRoot = pipeline.build().map(build -> trees.get(build).mount());
    int cached = cachedPrefix(ids);
    osbuild.emit(new BuildEvent.PipelineStarted(Instant.now(), name, ids.size(), cached));
    List<BuildResult.StepResult> results = new ArrayList<>();
    for (int i = 0; i < cached; i++) {
      StepRef step = stageRef(pipeline, ids, i);
      results.add(new BuildResult.StepResult(step, true, Duration.ZERO));
      osbuild.emit(new BuildEvent.StepFinished(Instant.now(), step, Duration.ZERO, true));
    }
    if (cached < ids.size()) {
      Optional<String> startFrom = cached > 0 ? Optional.of(ids.get(cached - 1)) : Optional.empty();
      try (Workspace workspace = osbuild.store().newWorkspace(startFrom)) {
        for (int i = cached; i < ids.size(); i++) {
          StepRef step = stageRef(pipeline, ids, i);
          Duration took = runStage(pipeline, i, step, buildRoot, workspace);
          Optional<String> parent = i > 0 ? Optional.of(ids.get(i - 1)) : Optional.empty();
          osbuild.store().commit(workspace, new TreeRecord(ids.get(i), step.name(), parent));
          results.add(new BuildResult.StepResult(step, false, took));
          osbuild.emit(new BuildEvent.StepFinished(Instant.now(), step, took, false));
        }
        // Taken while the workspace still protects the last commit.
        trees.put(name, osbuild.store().read(ids.get(ids.size() - 1)));
      }
    } else if (!ids.isEmpty()) {
      trees.put(name, osbuild.store().read(ids.get(ids.size() - 1)));
    }
    Optional<String> treeId = graph.pipelineId(name);
    osbuild.emit(
        new BuildEvent.PipelineFinished(
            Instant.now(), name, treeId, Duration.between(start, Instant.now())));
    return new BuildResult.PipelineResult(name, treeId, results);
  }

  private int cachedPrefix(List<String> ids) throws IOException {
    for (int i = ids.size(); i > 0; i--) {
      if (osbuild.store().contains(ids.get(i - 1))) {
        return i;
      }
    }
    return 0;
  }

  private Duration runStage(
      NamedPipeline pipeline,
      int index,
      StepRef step,
      Optional<TreeMount> buildRoot,
      Workspace workspace)
      throws IOException {
    PipelineStage stage = pipeline.stages().get(index);
    StageImplementation impl = osbuild.catalog().stage(stage.type()).orElseThrow();
    Options options = Options.of(stage.options());
    SandboxSpec spec =
        steps.spec(impl, options, SandboxSpec.forStage(workspace.mount(), line -> {}), buildRoot);
    // The pipeline's source epoch, as osbuild gives its stages SOURCE_DATE_EPOCH; else the build's.
    Optional<Instant> epoch =
        pipeline.sourceEpoch().map(Instant::ofEpochSecond).or(osbuild::sourceDateEpoch);
    return steps.runStep(
        step,
        spec,
        (sandbox, output) -> {
          if (osbuild
              .breakBefore()
              .filter(b -> b.equals(step.name()) || b.equals(step.id()))
              .isPresent()) {
            DebugShell.openBefore(sandbox, step, output::line);
          }
          impl.run(new SandboxStageContext(step.id(), options, sandbox, epoch, output));
        });
  }

  private static StepRef stageRef(NamedPipeline pipeline, List<String> ids, int index) {
    return new StepRef(
        pipeline.name(),
        StepRef.Kind.STAGE,
        index + 1,
        ids.size(),
        pipeline.stages().get(index).type(),
        ids.get(index));
  }

  private void closeTrees() throws IOException {
    IOException first = null;
    for (TreeLease lease : trees.values()) {
      try {
        lease.close();
      } catch (IOException e) {
        if (first == null) first = e;
        else first.addSuppressed(e);
      }
    }
    trees.clear();
    if (first != null) throw first;
  }
}
