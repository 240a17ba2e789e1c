package org.osbuildj.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipelines.InputOrigin;
import org.osbuildj.core.pipelines.NamedPipeline;
import org.osbuildj.core.pipelines.PipelineGraph;
import org.osbuildj.core.pipelines.PipelineSource;
import org.osbuildj.core.pipelines.PipelineStage;
import org.osbuildj.core.pipelines.StageDevice;
import org.osbuildj.core.pipelines.StageInput;
import org.osbuildj.core.pipelines.StageMount;

/**
 * Writes a {@link PipelineGraph} as a manifest of format 2, in two shapes:
 *
 * <ul>
 *   <li>{@link #toJson}: everything the graph holds, read back by {@link Format2Reader} to an equal
 *       graph;
 *   <li>{@link #inspect}: what osbuild's {@code --inspect} prints, key for key in its order: every
 *       stage with its {@code id}, builds and pipeline references as pipeline ids, references as an
 *       object, mounts as a list, and what osbuild leaves out there left out too (a device's
 *       parent, a pipeline's source epoch, a source's options, a runner of a pipeline that is no
 *       build pipeline).
 * </ul>
 */
public final class Format2Writer {
  private Format2Writer() {}

  /** The manifest, to be read back equal. */
  public static ObjectNode toJson(PipelineGraph graph) {
    ObjectNode json = Json.object();
    json.put("version", "2");
    ArrayNode pipelines = json.putArray("pipelines");
    for (NamedPipeline pipeline : graph.pipelines()) {
      ObjectNode p = pipelines.addObject();
      p.put("name", pipeline.name());
      pipeline.build().ifPresent(build -> p.put("build", Format2Reader.PIPELINE_PREFIX + build));
      pipeline.runner().ifPresent(runner -> p.put("runner", runner));
      pipeline.sourceEpoch().ifPresent(epoch -> p.put("source-epoch", epoch));
      ArrayNode stages = p.putArray("stages");
      for (PipelineStage stage : pipeline.stages()) {
        stages.add(stage(stage, null, name -> Format2Reader.PIPELINE_PREFIX + name, true));
      }
    }
    if (!graph.sources().isEmpty()) {
      ObjectNode sources = json.putObject("sources");
      for (PipelineSource source : graph.sources().values()) {
        ObjectNode s = sources.putObject(source.type());
        ObjectNode items = s.putObject("items");
        source.items().forEach(items::set);
        if (!source.options().isEmpty()) s.set("options", source.options());
      }
    }
    graph.metadata().ifPresent(metadata -> json.set("metadata", metadata));
    return json;
  }

  /**
   * What osbuild's {@code --inspect} prints for this manifest, before it is serialised (see {@link
   * ManifestV2#inspect}).
   *
   * @param hostRunner the runner osbuild would pick for this host, which it prints for a build
   *     pipeline that names none (such as {@code org.osbuild.debian})
   */
  public static ObjectNode inspect(PipelineGraph graph, String hostRunner) {
    ObjectNode json = Json.object();
    json.put("version", "2");
    ArrayNode pipelines = json.putArray("pipelines");
    // osbuild prints a pipeline's runner only when the pipeline is some pipeline's build root,
    // keyed by the build's id, so a later pipeline of the same id overrides an earlier one.
    Map<String, String> runnerById = new HashMap<>();
    for (NamedPipeline pipeline : graph.pipelines()) {
      graph
          .pipelineId(pipeline.name())
          .ifPresent(id -> runnerById.put(id, pipeline.runner().orElse(hostRunner)));
    }
    Map<String, String> runners = new HashMap<>();
    for (NamedPipeline pipeline : graph.pipelines()) {
      pipeline
          .build()
          .flatMap(graph::pipelineId)
          .ifPresent(buildId -> runners.put(buildId, runnerById.get(buildId)));
    }
    for (NamedPipeline pipeline : graph.pipelines()) {
      ObjectNode p = pipelines.addObject();
      p.put("name", pipeline.name());
      pipeline.build().ifPresent(build -> p.put("build", graph.pipelineId(build).orElseThrow()));
      Optional<String> id = graph.pipelineId(pipeline.name());
      String runner = id.map(runners::get).orElse(null);
      if (runner != null) p.put("runner", runner);
      List<String> ids = graph.stageIds(pipeline.name());
      if (!pipeline.stages().isEmpty()) {
        ArrayNode stages = p.putArray("stages");
        for (int i = 0; i < pipeline.stages().size(); i++) {
          stages.add(
              stage(
                  pipeline.stages().get(i),
                  ids.get(i),
                  name -> graph.pipelineId(name).orElseThrow(),
                  false));
        }
      }
    }
    graph.metadata().filter(m -> !m.isEmpty()).ifPresent(m -> json.set("metadata", m));
    if (!graph.sources().isEmpty()) {
      ObjectNode sources = json.putObject("sources");
      for (PipelineSource source : graph.sources().values()) {
        ObjectNode items = sources.putObject(source.type()).putObject("items");
        source.items().forEach(items::set);
      }
    }
    return json;
  }

  private static ObjectNode stage(
      PipelineStage stage,
      String id,
      Function<String, String> pipelineReference,
      boolean complete) {
    ObjectNode s = Json.object();
    s.put("type", stage.type());
    if (id != null) s.put("id", id);
    if (!stage.options().isEmpty()) s.set("options", stage.options());
    if (!stage.devices().isEmpty()) {
      ObjectNode devices = s.putObject("devices");
      Map<String, StageDevice> ordered = complete ? stage.devices() : parentsFirst(stage.devices());
      ordered.forEach((name, device) -> devices.set(name, device(device, complete)));
    }
    if (!stage.mounts().isEmpty()) {
      ArrayNode mounts = s.putArray("mounts");
      stage.mounts().forEach(mount -> mounts.add(mount(mount, complete)));
    }
    if (!stage.inputs().isEmpty()) {
      ObjectNode inputs = s.putObject("inputs");
      stage
          .inputs()
          .forEach((name, input) -> inputs.set(name, input(input, pipelineReference, complete)));
    }
    return s;
  }

  /**
   * The devices in the order osbuild loads them: passes over the rest in manifest order, each
   * taking every device whose parent is already taken.
   */
  static Map<String, StageDevice> parentsFirst(Map<String, StageDevice> devices) {
    Map<String, StageDevice> result = new LinkedHashMap<>();
    List<String> todo = new ArrayList<>(devices.keySet());
    while (!todo.isEmpty()) {
      int before = todo.size();
      for (Iterator<String> it = todo.iterator(); it.hasNext(); ) {
        String name = it.next();
        Optional<String> parent = devices.get(name).parent();
        if (parent.isPresent() && !result.containsKey(parent.get())) continue;
        result.put(name, devices.get(name));
        it.remove();
      }
      if (todo.size() == before) {
        throw new IllegalStateException("the devices' parents form a cycle: " + todo);
      }
    }
    return result;
  }

  private static ObjectNode device(StageDevice device, boolean complete) {
    ObjectNode d = Json.object();
    d.put("type", device.type());
    if (complete) device.parent().ifPresent(parent -> d.put("parent", parent));
    if (!device.options().isEmpty()) d.set("options", device.options());
    return d;
  }

  private static ObjectNode mount(StageMount mount, boolean complete) {
    ObjectNode m = Json.object();
    m.put("name", mount.name());
    m.put("type", mount.type());
    if (mount.target().isPresent()) m.put("target", mount.target().get());
    else if (!complete) m.putNull("target");
    mount.source().ifPresent(source -> m.put("source", source));
    if (!mount.options().isEmpty()) m.set("options", mount.options());
    Optional<JsonNode> partition = mount.partition();
    // osbuild prints a partition only when it is not 0; written in full it is kept as given.
    if (partition.isPresent() && (complete || partition.get().doubleValue() != 0)) {
      m.set("partition", partition.get());
    }
    return m;
  }

  private static ObjectNode input(
      StageInput input, Function<String, String> pipelineReference, boolean complete) {
    ObjectNode i = Json.object();
    i.put("type", input.type());
    i.put("origin", input.origin().manifestName());
    if (!input.options().isEmpty()) i.set("options", input.options());
    Map<String, ObjectNode> references = input.references();
    if (complete || !references.isEmpty()) {
      ObjectNode refs = i.putObject("references");
      references.forEach(
          (reference, options) ->
              refs.set(
                  input.origin() == InputOrigin.PIPELINE
                      ? pipelineReference.apply(reference)
                      : reference,
                  options));
    }
    return i;
  }
}
