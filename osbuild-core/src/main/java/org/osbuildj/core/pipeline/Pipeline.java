package org.osbuildj.core.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.osbuildj.core.json.Sha256;

/**
 * An immutable pipeline: an optional build pipeline (whose finished tree is the build root the
 * stages run in), an optional base tree id, stages that each modify one tree in order, and an
 * optional assembler that turns the finished tree into files.
 *
 * <pre>{@code
 * Pipeline os = Pipeline.builder()
 *     .stage(Stages.hostname("demo"))
 *     .assembler(Assemblers.tar("root.tar"))
 *     .build();
 * }</pre>
 *
 * <p>Equal pipelines have equal ids: every stage's id is fixed when the pipeline is built.
 *
 * <p>A pipeline with a build pipeline may name a <b>runner</b>, as osbuild's later version-1
 * manifests do ({@code "build": {"pipeline": {...}, "runner": "org.osbuild.fedora30"}}): how
 * osbuild prepared that build root. It is kept and written back, but it is part of no id and of no
 * equality: every build root is prepared alike here, and the seed's plain form, which cannot name a
 * runner, must read equal to the same pipeline in the later form.
 */
public final class Pipeline {
  private final String name;
  private final Pipeline build;
  private final String runner;
  private final String base;
  private final List<Stage> stages;
  private final Assembler assembler;
  private final List<String> stageIds;
  private final String assemblerId;

  private Pipeline(Builder b) {
    this.name = b.name;
    this.build = b.build;
    this.runner = b.runner;
    this.base = b.base;
    this.stages = List.copyOf(b.stages);
    this.assembler = b.assembler;
    if (build != null && build.treeId().isEmpty()) {
      throw new IllegalArgumentException(
          "build pipeline has no stages and no base: it would give an empty build root");
    }
    if (runner != null && build == null) {
      throw new IllegalArgumentException(
          "a runner names how the build pipeline's tree is prepared as build root: "
              + "a pipeline without a build pipeline has none (runner "
              + runner
              + ")");
    }
    String buildId = build == null ? null : build.treeId().orElseThrow();
    List<String> ids = new ArrayList<>();
    String parent = base;
    for (Stage stage : stages) {
      parent = StepIds.of(buildId, stage.name(), stage.options(), parent);
      ids.add(parent);
    }
    this.stageIds = List.copyOf(ids);
    this.assemblerId =
        assembler == null
            ? null
            : StepIds.of(buildId, assembler.name(), assembler.options(), parent);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this pipeline's content, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.build = build;
    b.runner = runner;
    b.base = base;
    b.stages.addAll(stages);
    b.assembler = assembler;
    return b;
  }

  /**
   * The pipeline's informational name, as the osbuild seed's manifests give one (ignored by the
   * seed, and part of no id here either).
   */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  public Optional<Pipeline> buildPipeline() {
    return Optional.ofNullable(build);
  }

  /**
   * The runner named with the build pipeline (such as {@code org.osbuild.fedora30}): how osbuild
   * prepared the build root. Informational here, part of no id and of no equality; empty when none
   * was named.
   */
  public Optional<String> runner() {
    return Optional.ofNullable(runner);
  }

  /** Whether this pipeline or any build pipeline below it names a runner. */
  public boolean namesARunner() {
    return runner != null || (build != null && build.namesARunner());
  }

  public Optional<String> base() {
    return Optional.ofNullable(base);
  }

  public List<Stage> stages() {
    return stages;
  }

  public Optional<Assembler> assembler() {
    return Optional.ofNullable(assembler);
  }

  /** The id of each stage, in order. */
  public List<String> stageIds() {
    return stageIds;
  }

  /**
   * The id of the finished tree: the last stage's id, or the base when there are no stages. Empty
   * when the pipeline has neither: its tree is the empty tree.
   */
  public Optional<String> treeId() {
    return stageIds.isEmpty()
        ? Optional.ofNullable(base)
        : Optional.of(stageIds.get(stageIds.size() - 1));
  }

  public Optional<String> assemblerId() {
    return Optional.ofNullable(assemblerId);
  }

  /** The tree id of the build pipeline, which every stage id here is chained to. */
  public Optional<String> buildId() {
    return build == null ? Optional.empty() : build.treeId();
  }

  // The runner is left out: see the class comment.
  @Override
  public boolean equals(Object o) {
    return o instanceof Pipeline p
        && Objects.equals(name, p.name)
        && Objects.equals(build, p.build)
        && Objects.equals(base, p.base)
        && stages.equals(p.stages)
        && Objects.equals(assembler, p.assembler);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, build, base, stages, assembler);
  }

  @Override
  public String toString() {
    return "Pipeline[build="
        + buildId().orElse("none")
        + ", base="
        + base().orElse("none")
        + ", stages="
        + stages
        + ", assembler="
        + assembler().map(Object::toString).orElse("none")
        + "]";
  }

  /** Collects the parts of a pipeline; {@link #build()} checks them and fixes the ids. */
  public static final class Builder {
    private String name;
    private Pipeline build;
    private String runner;
    private String base;
    private final List<Stage> stages = new ArrayList<>();
    private Assembler assembler;

    private Builder() {}

    /** An informational name, kept in manifests and part of no id; null for none. */
    public Builder name(String pipelineName) {
      this.name = pipelineName;
      return this;
    }

    /** The pipeline whose finished tree is the build root; without one, stages use the host's. */
    public Builder buildPipeline(Pipeline buildPipeline) {
      this.build = buildPipeline;
      return this;
    }

    /**
     * The build pipeline, and the runner osbuild would prepare its tree with as build root (such as
     * {@code org.osbuild.fedora30}); the runner is informational here.
     */
    public Builder buildPipeline(Pipeline buildPipeline, String runnerName) {
      return buildPipeline(buildPipeline).runner(runnerName);
    }

    /**
     * Names the runner of the build pipeline, kept and written back but part of no id; null for
     * none. A pipeline that names a runner needs a build pipeline.
     */
    public Builder runner(String runnerName) {
      if (runnerName != null && !Names.isValid(runnerName)) {
        throw new IllegalArgumentException(
            "a runner name is letters, digits and . _ + - (like org.osbuild.fedora30), got: "
                + runnerName);
      }
      this.runner = runnerName;
      return this;
    }

    /** Start from a tree already in the store instead of an empty one. */
    public Builder base(String treeId) {
      if (treeId != null && !Sha256.isHex(treeId)) {
        throw new IllegalArgumentException(
            "base must be a tree id (64 hex digits), got: " + treeId);
      }
      this.base = treeId;
      return this;
    }

    public Builder stage(StageSource stage) {
      stages.add(Objects.requireNonNull(stage, "stage").toStage());
      return this;
    }

    public Builder stages(List<? extends StageSource> more) {
      more.forEach(this::stage);
      return this;
    }

    public Builder assembler(AssemblerSource assembler) {
      this.assembler = assembler == null ? null : assembler.toAssembler();
      return this;
    }

    public Pipeline build() {
      return new Pipeline(this);
    }
  }
}
