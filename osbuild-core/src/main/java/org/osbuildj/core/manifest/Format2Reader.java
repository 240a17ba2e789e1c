package org.osbuildj.core.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.pipelines.InputOrigin;
import org.osbuildj.core.pipelines.NamedPipeline;
import org.osbuildj.core.pipelines.PipelineGraph;
import org.osbuildj.core.pipelines.PipelineStage;
import org.osbuildj.core.pipelines.StageDevice;
import org.osbuildj.core.pipelines.StageInput;
import org.osbuildj.core.pipelines.StageMount;

/**
 * Turns manifest JSON of osbuild's format 2 into a {@link PipelineGraph}, collecting every problem
 * with its JSON path ({@code .pipelines[1].stages[0].inputs.tree.type}), as osbuild's schema of the
 * format and its loader accept and refuse, and a little stricter where osbuild would silently drop
 * or merge what it was given (see the README's "Manifest format 2").
 */
final class Format2Reader {
  /**
   * Floats are read as doubles, as Python reads them, so that their ids are computed from the same
   * value ({@code 0.1} is the double nearest to it, written back by Python as {@code 0.1}).
   */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Set<String> ROOT_KEYS =
      Set.of("version", "pipelines", "sources", "metadata");
  private static final Set<String> PIPELINE_KEYS =
      Set.of("name", "build", "runner", "source-epoch", "stages");
  private static final Set<String> STAGE_KEYS =
      Set.of("type", "options", "inputs", "devices", "mounts");
  private static final Set<String> INPUT_KEYS = Set.of("type", "origin", "references", "options");
  private static final Set<String> REFERENCE_KEYS = Set.of("id", "options");
  private static final Set<String> DEVICE_KEYS = Set.of("type", "parent", "options");
  private static final Set<String> MOUNT_KEYS =
      Set.of("name", "type", "source", "target", "partition", "options");
  private static final Set<String> METADATA_KEYS = Set.of("exports", "generators");

  /** osbuild's pattern for input names. */
  private static final Pattern INPUT_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_\\-.]{0,254}");

  static final String PIPELINE_PREFIX = "name:";

  private final List<Problem> problems = new ArrayList<>();

  /** Whether the text is a JSON object whose {@code version} is {@code "2"}. */
  static boolean isFormat2(String text) {
    try {
      JsonNode root = MAPPER.readTree(text);
      return root != null && root.isObject() && "2".equals(root.path("version").textValue());
    } catch (JsonProcessingException | RuntimeException e) {
      return false;
    }
  }

  PipelineGraph read(String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
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
    List<Problem> notUnicode = LoneSurrogates.in(root);
    if (!notUnicode.isEmpty()) {
      throw new InvalidManifestException(notUnicode);
    }
    if (!root.isObject()) {
      throw new InvalidManifestException(".", "expected a manifest object, got " + describe(root));
    }
    numbersInRange(root, "");
    unknownKeys(
        root, "", ROOT_KEYS, "a manifest of format 2 has version, pipelines, sources and metadata");
    JsonNode version = root.get("version");
    if (version == null || !"2".equals(version.textValue())) {
      problem(
          ".version",
          "expected \"2\" (a string), got " + (version == null ? "nothing" : describe(version)));
    }
    PipelineGraph.Builder graph = PipelineGraph.builder();
    JsonNode metadata = root.get("metadata");
    if (metadata != null && metadata(metadata, ".metadata")) {
      graph.metadata((ObjectNode) metadata);
    }
    JsonNode sources = root.get("sources");
    if (sources != null) {
      new Format2SourcesReader(problems::add).sources(sources, ".sources").forEach(graph::source);
    }
    JsonNode pipelines = root.get("pipelines");
    if (pipelines != null) {
      if (!pipelines.isArray()) {
        problem(".pipelines", "expected an array of pipelines, got " + describe(pipelines));
      } else {
        for (int i = 0; i < pipelines.size(); i++) {
          NamedPipeline pipeline = pipeline(pipelines.get(i), ".pipelines[" + i + "]");
          if (pipeline != null) graph.pipeline(pipeline);
        }
      }
    }
    if (problems.isEmpty()) {
      graph.issues().forEach(issue -> problem(issue.path(), issue.message()));
    }
    if (!problems.isEmpty()) {
      throw new InvalidManifestException(problems);
    }
    return graph.build();
  }

  private NamedPipeline pipeline(JsonNode json, String path) {
    if (!json.isObject()) {
      problem(path, "expected a pipeline object, got " + describe(json));
      return null;
    }
    unknownKeys(
        json, path, PIPELINE_KEYS, "a pipeline has name, build, runner, source-epoch and stages");
    int before = problems.size();
    String name = string(json, "name", path, true, "the pipeline's name");
    NamedPipeline.Builder builder = NamedPipeline.builder(name == null ? "?" : name);
    String build = string(json, "build", path, false, "\"name:<pipeline>\"");
    if (build != null) {
      if (!build.startsWith(PIPELINE_PREFIX) || build.length() == PIPELINE_PREFIX.length()) {
        problem(
            path + ".build",
            "expected \"name:<pipeline>\", the name of an earlier pipeline, got '" + build + "'");
      } else {
        builder.build(build.substring(PIPELINE_PREFIX.length()));
      }
    }
    String runner = string(json, "runner", path, false, "a runner name");
    if (runner != null) {
      if (!Stage.isValidName(runner)) {
        problem(
            path + ".runner",
            "expected a runner name (letters, digits and . _ + -, such as org.osbuild.fedora38),"
                + " got '"
                + runner
                + "'");
      } else {
        builder.runner(runner);
      }
    }
    JsonNode epoch = json.get("source-epoch");
    if (epoch != null) {
      if (!epoch.isIntegralNumber() || !epoch.canConvertToLong()) {
        problem(
            path + ".source-epoch",
            "expected a whole number of seconds since 1970, got " + describe(epoch));
      } else {
        builder.sourceEpoch(epoch.longValue());
      }
    }
    JsonNode stages = json.get("stages");
    if (stages != null) {
      if (!stages.isArray()) {
        problem(path + ".stages", "expected an array of stages, got " + describe(stages));
      } else {
        for (int i = 0; i < stages.size(); i++) {
          PipelineStage stage = stage(stages.get(i), path + ".stages[" + i + "]");
          if (stage != null) builder.stage(stage);
        }
      }
    }
    return problems.size() == before ? builder.build() : null;
  }

  private PipelineStage stage(JsonNode json, String path) {
    if (!json.isObject()) {
      problem(
          path,
          "expected a stage object {\"type\": ..., \"options\": {...}}, got " + describe(json));
      return null;
    }
    unknownKeys(json, path, STAGE_KEYS, "a stage has type, options, inputs, devices and mounts");
    int before = problems.size();
    String type =
        string(json, "type", path, true, "the stage's type, such as \"org.osbuild.noop\"");
    if (type != null && !Stage.isValidName(type)) {
      problem(
          path + ".type",
          "expected a stage type (letters, digits and . _ + -), got '" + type + "'");
    }
    PipelineStage.Builder builder = PipelineStage.builder(type == null ? "x" : type);
    ObjectNode options = object(json, "options", path);
    if (options != null) builder.options(options);
    ObjectNode inputs = object(json, "inputs", path);
    if (inputs != null) {
      for (Map.Entry<String, JsonNode> input : inputs.properties()) {
        String inputPath = path + ".inputs." + input.getKey();
        if (!INPUT_NAME.matcher(input.getKey()).matches()) {
          problem(
              inputPath,
              "an input's name starts with a letter and has letters, digits and _ - . (at most"
                  + " 255)");
          continue;
        }
        StageInput read = input(input.getValue(), inputPath);
        if (read != null) builder.input(input.getKey(), read);
      }
    }
    ObjectNode devices = object(json, "devices", path);
    if (devices != null) {
      for (Map.Entry<String, JsonNode> device : devices.properties()) {
        StageDevice read = device(device.getValue(), path + ".devices." + device.getKey());
        if (read != null) builder.device(device.getKey(), read);
      }
    }
    JsonNode mounts = json.get("mounts");
    if (mounts != null) {
      if (!mounts.isArray()) {
        problem(
            path + ".mounts",
            "expected an array of mounts [{\"name\": ..., \"type\": ..., ...}], got "
                + describe(mounts)
                + (mounts.isObject()
                    ? " (osbuild's format 2 lists mounts, it has no object form)"
                    : ""));
      } else {
        for (int i = 0; i < mounts.size(); i++) {
          StageMount mount = mount(mounts.get(i), path + ".mounts[" + i + "]");
          if (mount != null) builder.mount(mount);
        }
      }
    }
    return problems.size() == before ? builder.build() : null;
  }

  private StageInput input(JsonNode json, String path) {
    if (!json.isObject()) {
      problem(
          path,
          "expected an input {\"type\": ..., \"origin\": ..., \"references\": ...}, got "
              + describe(json));
      return null;
    }
    unknownKeys(json, path, INPUT_KEYS, "an input has type, origin, references and options");
    int before = problems.size();
    String type =
        string(json, "type", path, true, "the input's type, such as \"org.osbuild.tree\"");
    String originName =
        string(json, "origin", path, true, "org.osbuild.pipeline or org.osbuild.source");
    InputOrigin origin = originName == null ? null : InputOrigin.of(originName).orElse(null);
    if (originName != null && origin == null) {
      problem(
          path + ".origin",
          "expected org.osbuild.pipeline or org.osbuild.source, got '" + originName + "'");
    }
    ObjectNode options = object(json, "options", path);
    JsonNode references = json.get("references");
    if (references == null) {
      problem(
          path + ".references",
          "missing: an input names what it reads (pipelines or source items)");
    }
    if (problems.size() != before || type == null || origin == null) {
      return null;
    }
    StageInput.Builder builder = StageInput.builder(type, origin).options(options);
    references(references, path + ".references", origin, builder);
    return problems.size() == before ? builder.build() : null;
  }

  private void references(
      JsonNode json, String path, InputOrigin origin, StageInput.Builder builder) {
    if (json.isObject()) {
      for (Map.Entry<String, JsonNode> ref : json.properties()) {
        String refPath = path + "." + ref.getKey();
        if (!ref.getValue().isObject()) {
          problem(
              refPath,
              "expected the reference's options as an object, got " + describe(ref.getValue()));
          continue;
        }
        reference(ref.getKey(), (ObjectNode) ref.getValue(), refPath, origin, builder);
      }
    } else if (json.isArray()) {
      boolean strings = false;
      boolean objects = false;
      for (int i = 0; i < json.size(); i++) {
        JsonNode ref = json.get(i);
        String refPath = path + "[" + i + "]";
        if (ref.isTextual()) {
          strings = true;
          reference(ref.textValue(), null, refPath, origin, builder);
        } else if (ref.isObject()) {
          objects = true;
          unknownKeys(ref, refPath, REFERENCE_KEYS, "a reference has id and options");
          String id = string(ref, "id", refPath, true, "what the reference names");
          ObjectNode options = object(ref, "options", refPath);
          if (id != null) reference(id, options, refPath, origin, builder);
        } else {
          problem(
              refPath,
              "expected a reference: a string, or {\"id\": ..., \"options\": {...}}, got "
                  + describe(ref));
        }
        if (strings && objects) {
          problem(refPath, "the references mix strings and objects: use one form for all");
          return;
        }
      }
    } else {
      problem(
          path,
          "expected references: an array of names, an array of {\"id\": ..., \"options\": ...},"
              + " or an object of options by name, got "
              + describe(json));
    }
  }

  private void reference(
      String reference,
      ObjectNode options,
      String path,
      InputOrigin origin,
      StageInput.Builder builder) {
    String key = reference;
    if (origin == InputOrigin.PIPELINE) {
      if (!reference.startsWith(PIPELINE_PREFIX)
          || reference.length() == PIPELINE_PREFIX.length()) {
        problem(
            path,
            "expected \"name:<pipeline>\" for an input of origin org.osbuild.pipeline, got '"
                + reference
                + "' (osbuild would drop it silently)");
        return;
      }
      key = reference.substring(PIPELINE_PREFIX.length());
    }
    try {
      builder.reference(key, options);
    } catch (IllegalArgumentException e) {
      problem(path, "names '" + reference + "' a second time");
    }
  }

  private StageDevice device(JsonNode json, String path) {
    if (!json.isObject()) {
      problem(path, "expected a device {\"type\": ..., \"options\": {...}}, got " + describe(json));
      return null;
    }
    unknownKeys(json, path, DEVICE_KEYS, "a device has type, parent and options");
    int before = problems.size();
    String type =
        string(json, "type", path, true, "the device's type, such as \"org.osbuild.loopback\"");
    String parent = string(json, "parent", path, false, "the name of another device of the stage");
    ObjectNode options = object(json, "options", path);
    return problems.size() == before ? StageDevice.of(type, parent, options) : null;
  }

  private StageMount mount(JsonNode json, String path) {
    if (!json.isObject()) {
      problem(path, "expected a mount {\"name\": ..., \"type\": ..., ...}, got " + describe(json));
      return null;
    }
    unknownKeys(
        json, path, MOUNT_KEYS, "a mount has name, type, source, target, partition and options");
    int before = problems.size();
    String name = string(json, "name", path, true, "the mount's name");
    String type =
        string(json, "type", path, true, "the mount's type, such as \"org.osbuild.ext4\"");
    String source = string(json, "source", path, false, "the name of a device of the stage");
    String target = string(json, "target", path, false, "where it is mounted, such as \"/boot\"");
    JsonNode partition = json.get("partition");
    if (partition != null && !partition.isNumber()) {
      problem(path + ".partition", "expected a partition number, got " + describe(partition));
    }
    ObjectNode options = object(json, "options", path);
    if (problems.size() != before) return null;
    return StageMount.builder(name, type)
        .source(source)
        .target(target)
        .partition(partition)
        .options(options)
        .build();
  }

  private boolean metadata(JsonNode json, String path) {
    if (!json.isObject()) {
      problem(
          path,
          "expected an object {\"exports\": [...], \"generators\": [...]}, got " + describe(json));
      return false;
    }
    int before = problems.size();
    unknownKeys(json, path, METADATA_KEYS, "metadata has exports and generators");
    namedList(json.get("exports"), path + ".exports", Set.of("name"));
    namedList(json.get("generators"), path + ".generators", Set.of("name", "version"));
    return problems.size() == before;
  }

  private void namedList(JsonNode json, String path, Set<String> keys) {
    if (json == null) return;
    if (!json.isArray()) {
      problem(path, "expected an array of {\"name\": ...}, got " + describe(json));
      return;
    }
    for (int i = 0; i < json.size(); i++) {
      JsonNode item = json.get(i);
      String itemPath = path + "[" + i + "]";
      if (!item.isObject()) {
        problem(itemPath, "expected an object {\"name\": ...}, got " + describe(item));
        continue;
      }
      unknownKeys(
          item, itemPath, keys, "it has " + String.join(" and ", keys.stream().sorted().toList()));
      for (String key : keys) string(item, key, itemPath, key.equals("name"), "a string");
    }
  }

  /** A string field; null, with a problem when it is required or not a string, otherwise. */
  private String string(JsonNode json, String key, String path, boolean required, String what) {
    JsonNode value = json.get(key);
    if (value == null) {
      if (required) problem(path + "." + key, "missing: expected " + what);
      return null;
    }
    if (!value.isTextual()) {
      problem(path + "." + key, "expected " + what + " (a string), got " + describe(value));
      return null;
    }
    return value.textValue();
  }

  /** An optional object field; null, with a problem when it is not an object. */
  private ObjectNode object(JsonNode json, String key, String path) {
    JsonNode value = json.get(key);
    if (value == null) return null;
    if (!value.isObject()) {
      problem(path + "." + key, "expected an object, got " + describe(value));
      return null;
    }
    return (ObjectNode) value;
  }

  /** Numbers beyond a double: Python reads them as infinity, which no option means. */
  private void numbersInRange(JsonNode node, String path) {
    if (node.isNumber() && !node.isIntegralNumber() && !Double.isFinite(node.doubleValue())) {
      problem(
          path.isEmpty() ? "." : path,
          "the number "
              + node
              + " is out of range: a number here must fit a 64-bit floating point"
              + " number (at most about 1.8e308)");
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) numbersInRange(node.get(i), path + "[" + i + "]");
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        numbersInRange(field.getValue(), path + "." + field.getKey());
      }
    }
  }

  private void unknownKeys(JsonNode json, String path, Set<String> allowed, String hint) {
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        problem(path + "." + key, "unknown key (" + hint + ")");
      }
    }
  }

  private void problem(String path, String message) {
    problems.add(new Problem(path.isEmpty() ? "." : path, message));
  }

  static String describe(JsonNode node) {
    return ManifestReader.describe(node);
  }
}
