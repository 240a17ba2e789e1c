package org.osbuildj.core.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;

/**
 * Turns manifest JSON into a {@link Pipeline}, collecting every problem with its JSON path rather
 * than stopping at the first. Kept apart from the model so that a second format (osbuild's version
 * 2) can be read by a reader of its own.
 */
final class ManifestReader {
  // "name" is the seed's informational pipeline name: kept, part of no id.
  private static final Set<String> PIPELINE_KEYS =
      Set.of("name", "build", "base", "stages", "assembler");

  /** Keys of osbuild's later formats, named in the error so that a user knows why they fail. */
  private static final Set<String> LATER_FORMAT_KEYS =
      Set.of("pipeline", "pipelines", "sources", "version", "runner", "metadata");

  // "id", "capabilities" and "implementation" are accepted so the output of --inspect reads
  // back. The id must match the computed one; the others are ignored: a stage's capabilities come
  // from its implementation and which implementation runs from the launcher, never from a
  // manifest, which is untrusted.
  private static final Set<String> STEP_KEYS =
      Set.of("name", "options", "id", "capabilities", "implementation");

  private final List<Problem> problems = new ArrayList<>();

  Pipeline read(String text) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new InvalidManifestException(
          ".", "not valid JSON" + where + ": " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidManifestException(".", "expected a JSON object, got an empty document");
    }
    Pipeline pipeline = pipeline(root, "");
    if (!problems.isEmpty()) {
      throw new InvalidManifestException(problems);
    }
    return pipeline;
  }

  private Pipeline pipeline(JsonNode json, String path) {
    if (!json.isObject()) {
      problem(path, "expected a pipeline object, got " + describe(json));
      return null;
    }
    unknownKeys(
        json, path, PIPELINE_KEYS, "a pipeline has only name, build, base, stages and assembler");
    Pipeline.Builder builder = Pipeline.builder();
    boolean complete = true;

    JsonNode name = json.get("name");
    if (name != null) {
      if (!name.isTextual()) {
        problem(path + ".name", "expected the pipeline's name as a string, got " + describe(name));
        complete = false;
      } else {
        builder.name(name.textValue());
      }
    }

    JsonNode build = json.get("build");
    if (build != null) {
      Pipeline buildPipeline = pipeline(build, path + ".build");
      if (buildPipeline != null && buildPipeline.treeId().isEmpty()) {
        problem(path + ".build", "a build pipeline needs at least one stage or a base");
      } else if (buildPipeline != null) {
        builder.buildPipeline(buildPipeline);
      } else {
        complete = false;
      }
    }

    JsonNode base = json.get("base");
    if (base != null) {
      if (!base.isTextual() || !Sha256.isHex(base.textValue())) {
        problem(
            path + ".base", "expected a tree id (64 lower-case hex digits), got " + describe(base));
        complete = false;
      } else {
        builder.base(base.textValue());
      }
    }

    List<String> expectedIds = new ArrayList<>();
    JsonNode stages = json.get("stages");
    if (stages != null) {
      if (!stages.isArray()) {
        problem(path + ".stages", "expected an array of stages, got " + describe(stages));
        complete = false;
      } else {
        for (int i = 0; i < stages.size(); i++) {
          String stagePath = path + ".stages[" + i + "]";
          Step step = step(stages.get(i), stagePath, "stage");
          if (step == null) {
            complete = false;
          } else {
            builder.stage(new Stage(step.name, step.options));
            expectedIds.add(step.id);
          }
        }
      }
    }

    String expectedAssemblerId = null;
    JsonNode assembler = json.get("assembler");
    if (assembler != null) {
      Step step = step(assembler, path + ".assembler", "assembler");
      if (step == null) {
        complete = false;
      } else {
        builder.assembler(new Assembler(step.name, step.options));
        expectedAssemblerId = step.id;
      }
    }

    if (!complete) {
      return null;
    }
    Pipeline pipeline = builder.build();
    checkIds(pipeline, path, expectedIds, expectedAssemblerId);
    return pipeline;
  }

  private void checkIds(
      Pipeline pipeline, String path, List<String> expected, String expectedAssembler) {
    for (int i = 0; i < expected.size(); i++) {
      String want = expected.get(i);
      if (want != null && !want.equals(pipeline.stageIds().get(i))) {
        problem(
            path + ".stages[" + i + "].id",
            "does not match the stage's content: its id is "
                + pipeline.stageIds().get(i)
                + " (remove the id, or fix the stage)");
      }
    }
    if (expectedAssembler != null
        && !expectedAssembler.equals(pipeline.assemblerId().orElse(null))) {
      problem(
          path + ".assembler.id",
          "does not match the assembler's content: its id is "
              + pipeline.assemblerId().orElse(null));
    }
  }

  private record Step(String name, Options options, String id) {}

  private Step step(JsonNode json, String path, String kind) {
    if (!json.isObject()) {
      problem(
          path,
          "expected "
              + article(kind)
              + " object {\"name\": ..., \"options\": {...}}, got "
              + describe(json));
      return null;
    }
    unknownKeys(json, path, STEP_KEYS, article(kind) + " has only name and options");
    boolean ok = true;
    JsonNode name = json.get("name");
    if (name == null) {
      problem(
          path + ".name", "missing: every " + kind + " needs a name, such as \"org.osbuild.noop\"");
      ok = false;
    } else if (!name.isTextual() || !Stage.isValidName(name.textValue())) {
      problem(
          path + ".name",
          "expected "
              + article(kind)
              + " name (letters, digits and . _ + -), got "
              + describe(name));
      ok = false;
    }
    JsonNode options = json.get("options");
    if (options != null && !options.isObject()) {
      problem(path + ".options", "expected an object, got " + describe(options));
      ok = false;
    }
    JsonNode id = json.get("id");
    if (id != null && (!id.isTextual() || !Sha256.isHex(id.textValue()))) {
      problem(path + ".id", "expected an id (64 lower-case hex digits), got " + describe(id));
      ok = false;
    }
    if (!ok) return null;
    Options opts = options == null ? Options.empty() : Options.of((ObjectNode) options);
    return new Step(name.textValue(), opts, id == null ? null : id.textValue());
  }

  private void unknownKeys(JsonNode json, String path, Set<String> allowed, String hint) {
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        String later =
            LATER_FORMAT_KEYS.contains(key)
                ? "; '"
                    + key
                    + "' belongs to a later osbuild manifest format, which is not read yet"
                : "";
        problem(path + "." + key, "unknown key (" + hint + later + ")");
      }
    }
  }

  private void problem(String path, String message) {
    problems.add(new Problem(path.isEmpty() ? "." : path, message));
  }

  private static String article(String kind) {
    return (kind.startsWith("a") ? "an " : "a ") + kind;
  }

  static String describe(JsonNode node) {
    String type =
        switch (node.getNodeType()) {
          case OBJECT -> "an object";
          case ARRAY -> "an array";
          case STRING -> "a string";
          case NUMBER -> "a number";
          case BOOLEAN -> "a boolean";
          case NULL -> "null";
          default -> node.getNodeType().toString().toLowerCase();
        };
    String text = node.toString();
    return node.isContainerNode() || text.length() > 60 ? type : type + " (" + text + ")";
  }
}
