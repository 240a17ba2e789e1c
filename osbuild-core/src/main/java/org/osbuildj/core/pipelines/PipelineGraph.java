package org.osbuildj.core.pipelines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The content of a manifest of osbuild's format 2: named pipelines in order, the sources their
 * inputs read, and metadata. A pipeline refers to earlier pipelines by name (its build root, the
 * trees its stages read); every reference is checked when the graph is built, and every stage's id
 * is then fixed, computed exactly as osbuild computes it (see {@link OsbuildIds}).
 *
 * <pre>{@code
 * PipelineGraph graph = PipelineGraph.builder()
 *     .pipeline(NamedPipeline.builder("build").stage(...).build())
 *     .pipeline(NamedPipeline.builder("os").build("build").stage(...).build())
 *     .build();
 * graph.stageIds("os");
 * }</pre>
 */
public final class PipelineGraph {
  /** A problem with a reference, at its JSON path in a format-2 manifest. */
  public record Issue(String path, String message) {}

  private final List<NamedPipeline> pipelines;
  private final Map<String, PipelineSource> sources;
  private final ObjectNode metadata;
  private final Map<String, List<OsbuildIds.StageIds>> ids;

  private PipelineGraph(Builder b) {
    this.pipelines = List.copyOf(b.pipelines);
    this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(b.sources));
    this.metadata = b.metadata == null ? null : b.metadata.deepCopy();
    List<Issue> issues = issues(pipelines, sources);
    if (!issues.isEmpty()) {
      throw new IllegalArgumentException(
          issues.stream()
              .map(issue -> issue.path() + ": " + issue.message())
              .collect(Collectors.joining("; ")));
    }
    this.ids = computeIds(pipelines);
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<NamedPipeline> pipelines() {
    return pipelines;
  }

  public Optional<NamedPipeline> pipeline(String name) {
    return pipelines.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The sources by type, in manifest order. */
  public Map<String, PipelineSource> sources() {
    return sources;
  }

  /** A copy of the metadata ({@code exports}, {@code generators}), when the manifest has it. */
  public Optional<ObjectNode> metadata() {
    return Optional.ofNullable(metadata).map(ObjectNode::deepCopy);
  }

  /** The id of each stage of the named pipeline, in order. */
  public List<String> stageIds(String pipelineName) {
    return stageIdsOf(pipelineName).stream().map(OsbuildIds.StageIds::id).toList();
  }

  /** The ids of each input of a stage, by input name. */
  public Map<String, String> inputIds(String pipelineName, int stage) {
    return stageIdsOf(pipelineName).get(stage).inputs();
  }

  /** The ids of each device of a stage, by device name. */
  public Map<String, String> deviceIds(String pipelineName, int stage) {
    return stageIdsOf(pipelineName).get(stage).devices();
  }

  /** The ids of the mounts of a stage, in order. */
  public List<String> mountIds(String pipelineName, int stage) {
    return stageIdsOf(pipelineName).get(stage).mounts();
  }

  /** The id of a pipeline's finished tree: its last stage's id; empty when it has no stages. */
  public Optional<String> pipelineId(String pipelineName) {
    List<String> stageIds = stageIds(pipelineName);
    return stageIds.isEmpty() ? Optional.empty() : Optional.of(stageIds.get(stageIds.size() - 1));
  }

  private List<OsbuildIds.StageIds> stageIdsOf(String pipelineName) {
    List<OsbuildIds.StageIds> stageIds = ids.get(pipelineName);
    if (stageIds == null) {
      throw new IllegalArgumentException("no pipeline named " + pipelineName);
    }
    return stageIds;
  }

  private static Map<String, List<OsbuildIds.StageIds>> computeIds(List<NamedPipeline> pipelines) {
    Map<String, List<OsbuildIds.StageIds>> ids = new HashMap<>();
    Map<String, String> pipelineIds = new HashMap<>();
    for (NamedPipeline pipeline : pipelines) {
      String buildId = pipeline.build().map(pipelineIds::get).orElse(null);
      String previous = null;
      List<OsbuildIds.StageIds> stageIds = new ArrayList<>();
      for (PipelineStage stage : pipeline.stages()) {
        OsbuildIds.StageIds stageId =
            OsbuildIds.stage(
                stage, buildId, previous, pipeline.sourceEpoch().orElse(null), pipelineIds::get);
        stageIds.add(stageId);
        previous = stageId.id();
      }
      ids.put(pipeline.name(), List.copyOf(stageIds));
      if (previous != null) pipelineIds.put(pipeline.name(), previous);
    }
    return ids;
  }

  /**
   * The problems with the references of these pipelines and sources, each at its path in a format-2
   * manifest: names given twice, a build or an input naming a pipeline that does not exist, comes
   * later or has no stages, an input naming a source item no source has, a device whose parent is
   * missing or a cycle, a mount whose device is missing or whose name is taken.
   */
  public static List<Issue> issues(
      List<NamedPipeline> pipelines, Map<String, PipelineSource> sources) {
    List<Issue> issues = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    Set<String> withStages = new HashSet<>();
    for (int i = 0; i < pipelines.size(); i++) {
      NamedPipeline pipeline = pipelines.get(i);
      int index = i;
      String path = ".pipelines[" + i + "]";
      Integer earlier = seen.putIfAbsent(pipeline.name(), i);
      if (earlier != null) {
        issues.add(
            new Issue(
                path + ".name",
                "the name '"
                    + pipeline.name()
                    + "' is taken by .pipelines["
                    + earlier
                    + "]: every pipeline has a name of its own"));
      }
      Map<String, Integer> later = new HashMap<>();
      for (int j = i + 1; j < pipelines.size(); j++) later.putIfAbsent(pipelines.get(j).name(), j);
      pipeline
          .build()
          .flatMap(build -> pipelineProblem(build, seen, withStages, later, pipeline.name(), index))
          .ifPresent(message -> issues.add(new Issue(path + ".build", message)));
      for (int s = 0; s < pipeline.stages().size(); s++) {
        stageIssues(
            pipeline.stages().get(s),
            path + ".stages[" + s + "]",
            seen,
            withStages,
            later,
            pipeline.name(),
            i,
            sources,
            issues);
      }
      if (!pipeline.stages().isEmpty()) withStages.add(pipeline.name());
    }
    return issues;
  }

  private static void stageIssues(
      PipelineStage stage,
      String path,
      Map<String, Integer> seen,
      Set<String> withStages,
      Map<String, Integer> later,
      String self,
      int index,
      Map<String, PipelineSource> sources,
      List<Issue> issues) {
    stage
        .inputs()
        .forEach(
            (name, input) -> {
              for (String reference : input.references().keySet()) {
                String referencePath = path + ".inputs." + name + ".references";
                if (input.origin() == InputOrigin.PIPELINE) {
                  pipelineProblem(reference, seen, withStages, later, self, index)
                      .ifPresent(message -> issues.add(new Issue(referencePath, message)));
                } else if (sources.values().stream().noneMatch(s -> s.hasItem(reference))) {
                  issues.add(
                      new Issue(
                          referencePath,
                          "no source has the item '"
                              + reference
                              + "'"
                              + (sources.isEmpty()
                                  ? " (the manifest has no sources)"
                                  : " (the sources are " + sources.keySet() + ")")));
                }
              }
            });
    stage
        .devices()
        .forEach(
            (name, device) ->
                device
                    .parent()
                    .ifPresent(
                        parent -> {
                          String parentPath = path + ".devices." + name + ".parent";
                          if (!stage.devices().containsKey(parent)) {
                            issues.add(
                                new Issue(
                                    parentPath,
                                    "no device named '" + parent + "' in this stage's devices"));
                          } else if (inCycle(stage, name)) {
                            issues.add(
                                new Issue(
                                    parentPath, "the devices' parents form a cycle through it"));
                          }
                        }));
    Set<String> mountNames = new HashSet<>();
    for (int m = 0; m < stage.mounts().size(); m++) {
      StageMount mount = stage.mounts().get(m);
      String mountPath = path + ".mounts[" + m + "]";
      if (!mountNames.add(mount.name())) {
        issues.add(
            new Issue(
                mountPath + ".name",
                "the mount name '" + mount.name() + "' is taken by an earlier mount of the stage"));
      }
      mount
          .source()
          .filter(source -> !stage.devices().containsKey(source))
          .ifPresent(
              source ->
                  issues.add(
                      new Issue(
                          mountPath + ".source",
                          "no device named '" + source + "' in this stage's devices")));
    }
  }

  private static boolean inCycle(PipelineStage stage, String start) {
    Set<String> visited = new HashSet<>();
    String at = start;
    while (at != null && stage.devices().containsKey(at)) {
      if (!visited.add(at)) return true;
      at = stage.devices().get(at).parent().orElse(null);
    }
    return false;
  }

  private static Optional<String> pipelineProblem(
      String name,
      Map<String, Integer> seen,
      Set<String> withStages,
      Map<String, Integer> later,
      String self,
      int index) {
    Integer at = seen.get(name);
    if (name.equals(self) && Objects.equals(at, index)) {
      return Optional.of("names its own pipeline '" + name + "': only an earlier one can be named");
    }
    if (at == null || at >= index) {
      if (later.containsKey(name)) {
        return Optional.of(
            "the pipeline '"
                + name
                + "' comes later (.pipelines["
                + later.get(name)
                + "]): only an earlier pipeline can be named");
      }
      return Optional.of(
          "no pipeline named '"
              + name
              + "'"
              + (seen.isEmpty()
                  ? ""
                  : " (there are " + seen.keySet().stream().sorted().toList() + ")"));
    }
    if (!withStages.contains(name)) {
      return Optional.of("the pipeline '" + name + "' has no stages, so it has no tree to give");
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PipelineGraph g
        && pipelines.equals(g.pipelines)
        && sources.equals(g.sources)
        && JsonValues.same(metadata, g.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pipelines, sources, JsonValues.hash(metadata));
  }

  @Override
  public String toString() {
    return "PipelineGraph[" + pipelines.stream().map(NamedPipeline::name).toList() + "]";
  }

  /** Collects pipelines in order, sources and metadata. */
  public static final class Builder {
    private final List<NamedPipeline> pipelines = new ArrayList<>();
    private final Map<String, PipelineSource> sources = new LinkedHashMap<>();
    private ObjectNode metadata;

    private Builder() {}

    public Builder pipeline(NamedPipeline pipeline) {
      pipelines.add(Objects.requireNonNull(pipeline, "pipeline"));
      return this;
    }

    public Builder source(PipelineSource source) {
      if (sources.putIfAbsent(source.type(), source) != null) {
        throw new IllegalArgumentException("source " + source.type() + " is given twice");
      }
      return this;
    }

    public Builder metadata(ObjectNode json) {
      this.metadata = json;
      return this;
    }

    /** The problems {@link #build()} would refuse, each at its path in a format-2 manifest. */
    public List<Issue> issues() {
      return PipelineGraph.issues(pipelines, sources);
    }

    /**
     * @throws IllegalArgumentException naming every problem of {@link #issues()}
     */
    public PipelineGraph build() {
      return new PipelineGraph(this);
    }
  }
}
