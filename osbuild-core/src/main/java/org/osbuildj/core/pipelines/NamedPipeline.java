package org.osbuildj.core.pipelines;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.osbuildj.core.pipeline.Stage;

/**
 * A pipeline of a format-2 manifest: its name (unique in the manifest), the name of the pipeline
 * whose tree is its build root (written {@code "build": "name:<pipeline>"}), the runner that
 * prepares that build root, the {@code source-epoch} (seconds since 1970, part of every stage's id
 * when set), and its stages.
 *
 * <pre>{@code
 * NamedPipeline os = NamedPipeline.builder("os")
 *     .build("build").runner("org.osbuild.debian12")
 *     .stage(PipelineStage.of("org.osbuild.hostname", Json.object().put("hostname", "demo")))
 *     .build();
 * }</pre>
 */
public final class NamedPipeline {
  private final String name;
  private final String build;
  private final String runner;
  private final Long sourceEpoch;
  private final List<PipelineStage> stages;

  private NamedPipeline(Builder b) {
    this.name = JsonValues.require(b.name, "pipeline name");
    this.build = b.build;
    if (b.runner != null && !Stage.isValidName(b.runner)) {
      throw new IllegalArgumentException(
          "a runner name is letters, digits and . _ + - (like org.osbuild.fedora38), got: "
              + b.runner);
    }
    this.runner = b.runner;
    this.sourceEpoch = b.sourceEpoch;
    this.stages = List.copyOf(b.stages);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** The name of the pipeline whose finished tree is this pipeline's build root. */
  public Optional<String> build() {
    return Optional.ofNullable(build);
  }

  public Optional<String> runner() {
    return Optional.ofNullable(runner);
  }

  public Optional<Long> sourceEpoch() {
    return Optional.ofNullable(sourceEpoch);
  }

  public List<PipelineStage> stages() {
    return stages;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamedPipeline p
        && name.equals(p.name)
        && Objects.equals(build, p.build)
        && Objects.equals(runner, p.runner)
        && Objects.equals(sourceEpoch, p.sourceEpoch)
        && stages.equals(p.stages);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, build, runner, sourceEpoch, stages);
  }

  @Override
  public String toString() {
    return "NamedPipeline[" + name + ", build=" + build + ", stages=" + stages + "]";
  }

  /** Collects a pipeline's parts. */
  public static final class Builder {
    private final String name;
    private String build;
    private String runner;
    private Long sourceEpoch;
    private final List<PipelineStage> stages = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** The name of an earlier pipeline of the manifest whose tree is the build root. */
    public Builder build(String pipelineName) {
      this.build = pipelineName;
      return this;
    }

    public Builder runner(String runnerName) {
      this.runner = runnerName;
      return this;
    }

    public Builder sourceEpoch(Long seconds) {
      this.sourceEpoch = seconds;
      return this;
    }

    public Builder stage(PipelineStage stage) {
      stages.add(Objects.requireNonNull(stage, "stage"));
      return this;
    }

    public NamedPipeline build() {
      return new NamedPipeline(this);
    }
  }
}
