package org.osbuildj.core.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.manifest.Manifest.Form;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.source.Sources;

/**
 * Turns manifest JSON of osbuild's version 1, in either form (see {@link Manifest}), into a {@link
 * Manifest}, collecting every problem with its JSON path rather than stopping at the first. Kept
 * apart from the model so that a second format (osbuild's version 2) can be read by a reader of its
 * own.
 */
final class ManifestReader {
  /** The keys that make a document the wrapped form; it has no others. */
  private static final Set<String> WRAPPER_KEYS = Set.of("pipeline", "sources");

  // "name" is the seed's informational pipeline name: kept, part of no id. It and "base" are
  // accepted in the wrapped form too, so that every pipeline can be written in it.
  private static final Set<String> PIPELINE_KEYS =
      Set.of("name", "build", "base", "stages", "assembler");

  /** A build in the wrapped form: {"pipeline": ..., "runner": ...}. */
  private static final Set<String> BUILD_KEYS = Set.of("pipeline", "runner");

  /** Keys of osbuild's format version 2, named in the error so that a user knows why they fail. */
  private static final Set<String> VERSION_2_KEYS = Set.of("pipelines", "version", "metadata");

  // "id", "capabilities" and "implementation" are accepted so the output of --inspect reads
  // back. The id must match the computed one; the others are ignored: a stage's capabilities come
  // from its implementation and which implementation runs from the launcher, never from a
  // manifest, which is untrusted.
  private static final Set<String> STEP_KEYS =
      Set.of("name", "options", "id", "capabilities", "implementation");

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]{1,100})\"");

  private final List<Problem> problems = new ArrayList<>();
  private Form form = Form.PLAIN;

  Manifest read(String text) {
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
    } catch (NumberFormatException e) {
      // Jackson's word for a number whose exponent overflows an int (1E+2590093509).
      Matcher value = QUOTED.matcher(String.valueOf(e.getMessage()));
      throw new InvalidManifestException(
          ".",
          "not valid JSON: the number "
              + (value.find() ? value.group(1) + " " : "")
              + "is out of range (its exponent is beyond what any number here can hold)");
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidManifestException(".", "expected a JSON object, got an empty document");
    }
    // Before anything else: a lone surrogate would reach ids and files as "?".
    List<Problem> notUnicode = LoneSurrogates.in(root);
    if (!notUnicode.isEmpty()) {
      throw new InvalidManifestException(notUnicode);
    }
    Pipeline pipeline;
    Sources sources = Sources.none();
    if (root.isObject() && (root.has("pipeline") || root.has("sources"))) {
      form = Form.WRAPPED;
      unknownKeys(
          root,
          "",
          WRAPPER_KEYS,
          "a manifest of the form {\"pipeline\": ..., \"sources\": ...} has only those two");
      JsonNode pipelineJson = root.get("pipeline");
      // osbuild reads a missing pipeline as an empty one.
      pipeline =
          pipelineJson == null
              ? Pipeline.builder().build()
              : pipeline(pipelineJson, form.pipelinePath());
      JsonNode sourcesJson = root.get("sources");
      if (sourcesJson != null) {
        sources = new SourcesReader(problems::add).version1(sourcesJson, ".sources");
      }
    } else {
      pipeline = pipeline(root, form.pipelinePath());
    }
    if (!problems.isEmpty()) {
      throw new InvalidManifestException(problems);
    }
    return form == Form.WRAPPED
        ? Manifest.wrapped(pipeline, sources)
        : Manifest.of(pipeline, Sources.none());
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
      BuildReference reference =
          form == Form.PLAIN
              ? new BuildReference(pipeline(build, path + ".build"), null, true)
              : buildReference(build, path + ".build");
      Pipeline buildPipeline = reference.pipeline();
      if (buildPipeline != null && buildPipeline.treeId().isEmpty()) {
        problem(form.buildPath(path), "a build pipeline needs at least one stage or a base");
      } else if (buildPipeline != null && reference.complete()) {
        builder.buildPipeline(buildPipeline, reference.runner());
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

  /** A build as the wrapped form writes it: its pipeline and the runner that prepares it. */
  private record BuildReference(Pipeline pipeline, String runner, boolean complete) {}

  private BuildReference buildReference(JsonNode json, String path) {
    if (!json.isObject()) {
      problem(
          path,
          "expected a build {\"pipeline\": {...}, \"runner\": \"...\"}, got " + describe(json));
      return new BuildReference(null, null, false);
    }
    unknownKeys(json, path, BUILD_KEYS, "a build has only pipeline and runner");
    boolean complete = true;
    String runner = null;
    JsonNode runnerJson = json.get("runner");
    if (runnerJson != null) {
      if (!runnerJson.isTextual() || !Stage.isValidName(runnerJson.textValue())) {
        problem(
            path + ".runner",
            "expected a runner name (letters, digits and . _ + -, such as org.osbuild.fedora30),"
                + " got "
                + describe(runnerJson));
        complete = false;
      } else {
        runner = runnerJson.textValue();
      }
    }
    JsonNode pipelineJson = json.get("pipeline");
    if (pipelineJson == null) {
      problem(path + ".pipeline", "missing: a build names the pipeline that makes its tree");
      return new BuildReference(null, runner, false);
    }
    return new BuildReference(pipeline(pipelineJson, path + ".pipeline"), runner, complete);
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
        problem(path + "." + key, "unknown key (" + hint + whereItBelongs(key) + ")");
      }
    }
  }

  /** Where a key that is unknown here would be right, for the error's hint; "" when nowhere. */
  private static String whereItBelongs(String key) {
    if (VERSION_2_KEYS.contains(key)) {
      return "; '"
          + key
          + "' belongs to osbuild's manifest format version 2, read as such when the manifest"
          + " has \"version\": \"2\"";
    }
    String wrapped = "{\"pipeline\": ..., \"sources\": ...}";
    Map<String, String> laterVersion1 =
        Map.of(
            "pipeline",
            "'pipeline' belongs at the top of a manifest of the form " + wrapped,
            "sources",
            "'sources' belongs at the top of a manifest of the form " + wrapped,
            "runner",
            "'runner' belongs in a build {\"pipeline\": ..., \"runner\": ...}, in a manifest of"
                + " the form "
                + wrapped);
    String hint = laterVersion1.get(key);
    return hint == null ? "" : "; " + hint;
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
