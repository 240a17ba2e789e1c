package org.osbuildj.core.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.Manifest.Form;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.source.RemoteFile;
import org.osbuildj.core.source.Source;
import org.osbuildj.core.source.Sources;
import org.osbuildj.core.source.UrlSource;

/**
 * Writes a manifest in its form (see {@link Manifest}), optionally with every step's id filled in.
 */
public final class ManifestWriter {
  private ManifestWriter() {}

  /** The pipeline's manifest, in the plain form unless it names a runner. */
  public static ObjectNode toJson(Pipeline pipeline) {
    return toJson(Manifest.of(pipeline));
  }

  public static ObjectNode toJson(Manifest manifest) {
    return write(manifest, false);
  }

  /**
   * The manifest with an {@code "id"} on every stage and assembler, as {@code --inspect} prints.
   */
  public static ObjectNode toJsonWithIds(Pipeline pipeline) {
    return toJsonWithIds(Manifest.of(pipeline));
  }

  public static ObjectNode toJsonWithIds(Manifest manifest) {
    return write(manifest, true);
  }

  private static ObjectNode write(Manifest manifest, boolean withIds) {
    ObjectNode pipeline = write(manifest.pipeline(), manifest.form(), withIds);
    if (manifest.form() == Form.PLAIN) {
      return pipeline;
    }
    ObjectNode json = Json.object();
    json.set("pipeline", pipeline);
    if (!manifest.sources().isEmpty()) {
      json.set("sources", write(manifest.sources()));
    }
    return json;
  }

  private static ObjectNode write(Pipeline pipeline, Form form, boolean withIds) {
    ObjectNode json = Json.object();
    pipeline.name().ifPresent(name -> json.put("name", name));
    pipeline
        .buildPipeline()
        .ifPresent(
            build -> {
              ObjectNode written = write(build, form, withIds);
              if (form == Form.PLAIN) {
                json.set("build", written);
              } else {
                ObjectNode reference = json.putObject("build");
                reference.set("pipeline", written);
                pipeline.runner().ifPresent(runner -> reference.put("runner", runner));
              }
            });
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

  private static ObjectNode write(Sources sources) {
    ObjectNode json = Json.object();
    sources.byType().forEach((type, source) -> json.set(type, write(source)));
    return json;
  }

  private static ObjectNode write(Source source) {
    ObjectNode json = Json.object();
    if (source instanceof UrlSource files) {
      ObjectNode urls = json.putObject("urls");
      for (RemoteFile file : files.files()) {
        String checksum = file.checksum().toString();
        if (file.secrets().isEmpty()) {
          urls.put(checksum, file.url().toString());
        } else {
          ObjectNode entry = urls.putObject(checksum);
          entry.put("url", file.url().toString());
          entry.putObject("secrets").put("name", file.secrets().get());
        }
      }
    }
    return json;
  }
}
