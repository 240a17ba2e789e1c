package org.osbuildj.core.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.osbuildj.core.json.PythonJson;
import org.osbuildj.core.json.Sha256;

/**
 * The ids of format-2 manifests, computed as osbuild computes them (docs/ids.md): each is the
 * SHA-256 of the concatenated {@code json.dumps(x, sort_keys=True)} of its parts, in osbuild's
 * order, a part left out where osbuild leaves it out.
 *
 * <ul>
 *   <li>a device: its type, its parent's id (when it has a parent), its options;
 *   <li>a mount: its type, its device's id (when it has a source), its partition (when not 0), its
 *       target (when not empty), its options;
 *   <li>an input: its type, its origin, its references ({name or checksum: options}, pipeline names
 *       replaced by those pipelines' ids), its options;
 *   <li>a stage: its type, the build pipeline's id (null when none), the previous stage's id (null
 *       for the first), its options, the pipeline's source epoch (when set), {input name: input id}
 *       (when it has inputs), [mount ids] in order (when it has mounts).
 * </ul>
 *
 * The names of inputs are part of a stage's id, those of devices and mounts are not.
 */
final class OsbuildIds {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OsbuildIds() {}

  /** The ids of one stage and of its parts. */
  record StageIds(
      String id, Map<String, String> inputs, Map<String, String> devices, List<String> mounts) {}

  /**
   * @param pipelineIds the id of a pipeline by name, for the references of inputs
   */
  static StageIds stage(
      PipelineStage stage,
      String buildId,
      String previousId,
      Long sourceEpoch,
      Function<String, String> pipelineIds) {
    Map<String, String> deviceIds = new LinkedHashMap<>();
    // A parent is named before or after its device: resolve on demand (the graph has no cycle).
    for (String name : stage.devices().keySet()) {
      deviceId(stage, name, deviceIds, 0);
    }
    List<String> mountIds = new ArrayList<>();
    for (StageMount mount : stage.mounts()) {
      mountIds.add(mount(mount, mount.source().map(deviceIds::get).orElse(null)));
    }
    Map<String, String> inputIds = new LinkedHashMap<>();
    stage.inputs().forEach((name, input) -> inputIds.put(name, input(input, pipelineIds)));

    StringBuilder text = new StringBuilder();
    text.append(PythonJson.string(stage.type()));
    text.append(buildId == null ? "null" : PythonJson.string(buildId));
    text.append(previousId == null ? "null" : PythonJson.string(previousId));
    text.append(PythonJson.write(stage.options()));
    if (sourceEpoch != null) {
      text.append(PythonJson.write(LongNode.valueOf(sourceEpoch)));
    }
    if (!inputIds.isEmpty()) {
      ObjectNode ids = NODES.objectNode();
      inputIds.forEach(ids::put);
      text.append(PythonJson.write(ids));
    }
    if (!mountIds.isEmpty()) {
      ArrayNode ids = NODES.arrayNode();
      mountIds.forEach(ids::add);
      text.append(PythonJson.writeUnsorted(ids));
    }
    return new StageIds(Sha256.hex(text.toString()), inputIds, deviceIds, mountIds);
  }

  private static String deviceId(
      PipelineStage stage, String name, Map<String, String> ids, int depth) {
    String known = ids.get(name);
    if (known != null) return known;
    if (depth > stage.devices().size()) {
      throw new IllegalArgumentException("the devices' parents form a cycle at " + name);
    }
    StageDevice device = stage.devices().get(name);
    StringBuilder text = new StringBuilder(PythonJson.string(device.type()));
    if (device.parent().isPresent()) {
      text.append(PythonJson.string(deviceId(stage, device.parent().get(), ids, depth + 1)));
    }
    text.append(PythonJson.write(device.options()));
    String id = Sha256.hex(text.toString());
    ids.put(name, id);
    return id;
  }

  static String mount(StageMount mount, String deviceId) {
    StringBuilder text = new StringBuilder(PythonJson.string(mount.type()));
    if (deviceId != null) {
      text.append(PythonJson.string(deviceId));
    }
    mount
        .partition()
        .filter(OsbuildIds::truthy)
        .ifPresent(partition -> text.append(PythonJson.write(partition)));
    mount
        .target()
        .filter(target -> !target.isEmpty())
        .ifPresent(target -> text.append(PythonJson.string(target)));
    text.append(PythonJson.write(mount.options()));
    return Sha256.hex(text.toString());
  }

  /** Python's truth of a number: anything but zero. */
  private static boolean truthy(JsonNode number) {
    return number.isIntegralNumber()
        ? number.bigIntegerValue().signum() != 0
        : number.doubleValue() != 0;
  }

  static String input(StageInput input, Function<String, String> pipelineIds) {
    ObjectNode refs = NODES.objectNode();
    input
        .references()
        .forEach(
            (reference, options) ->
                refs.set(
                    input.origin() == InputOrigin.PIPELINE
                        ? pipelineIds.apply(reference)
                        : reference,
                    options));
    return Sha256.hex(
        PythonJson.string(input.type())
            + PythonJson.string(input.origin().manifestName())
            + PythonJson.write(refs)
            + PythonJson.write(input.options()));
  }
}
