package org.osbuildj.core.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;

/** Writes a pipeline in the seed's manifest format, optionally with every step's id filled in. */
public final class ManifestWriter {
  private ManifestWriter() {}

  public static ObjectNode toJson(Pipeline pipeline) {
    return write(pipeline, false);
  }

  /**
   * The manifest with an {@code "id"} on every stage and assembler, as {@code --inspect} prints.
   */
  public static ObjectNode toJsonWithIds(Pipeline pipeline) {
    return write(pipeline, true);
  }

  private static ObjectNode write(Pipeline pipeline, boolean withIds) {
    ObjectNode json = Json.object();
    pipeline.name().ifPresent(name -> json.put("name", name));
    pipeline.buildPipeline().ifPresent(build -> json.set("build", write(build, withIds)));
    pipeline.base().ifPresent(base -> json.put("base", base));
    ArrayNode stages = json.putArray("stages");
    for (int i = 0; i < pipeline.stages().size(); i++) {
      Stage stage = pipeline.stages().get(i);
      ObjectNode s = stages.addObject();
      s.put("name", stage.name());
      if (withIds) s.put("id", pipeline.stageIds().get(i));
      if (!stage.options().isEmpty()) s.set("options", stage.options().json());
    }
    pipeline
        .assembler()
        .ifPresent(assembler -> json.set("assembler", write(assembler, pipeline, withIds)));
    return json;
  }

  private static ObjectNode write(Assembler assembler, Pipeline pipeline, boolean withIds) {
    ObjectNode a = Json.object();
    a.put("name", assembler.name());
    if (withIds) a.put("id", pipeline.assemblerId().orElseThrow());
    if (!assembler.options().isEmpty()) a.set("options", assembler.options().json());
    return a;
  }
}
