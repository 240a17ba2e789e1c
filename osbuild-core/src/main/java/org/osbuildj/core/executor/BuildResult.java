package org.osbuildj.core.executor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.event.StepRef;

/**
 * What a build did: for each pipeline (build pipelines first) the tree it produced and each step,
 * whether it ran or came from the store; the assembler's step, when the pipeline has one (its
 * output is kept in the store too, and copied out instead of assembled again); and the files it
 * wrote.
 */
public record BuildResult(
    List<PipelineResult> pipelines,
    Optional<StepResult> assembler,
    List<Path> outputFiles,
    Duration duration) {
  public BuildResult {
    pipelines = List.copyOf(pipelines);
    outputFiles = List.copyOf(outputFiles);
  }

  /** The result of the pipeline that was given to the build (the last one). */
  public PipelineResult tree() {
    return pipelines.get(pipelines.size() - 1);
  }

  /** Every step of every pipeline, in the order they were built. */
  public List<StepResult> steps() {
    return pipelines.stream().flatMap(p -> p.steps().stream()).toList();
  }

  /** One pipeline's outcome; {@code treeId} is empty for an empty tree. */
  public record PipelineResult(String name, Optional<String> treeId, List<StepResult> steps) {
    public PipelineResult {
      steps = List.copyOf(steps);
    }
  }

  /** One step's outcome: {@code cached} when it was taken from the store instead of run. */
  public record StepResult(StepRef step, boolean cached, Duration duration) {}
}
