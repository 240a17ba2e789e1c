package org.osbuildj.core.pipelines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A device a format-2 stage uses, such as {@code org.osbuild.loopback} over a file of the tree: its
 * type, the name of the device it sits on (a partition of a disk, say), and its options. The stage
 * names it in its {@code devices} object; mounts refer to it by that name.
 *
 * <pre>{@code
 * StageDevice disk = StageDevice.of("org.osbuild.loopback",
 *     Json.object().put("filename", "disk.img").put("start", 2048));
 * }</pre>
 */
public final class StageDevice {
  private final String type;
  private final String parent;
  private final ObjectNode options;

  private StageDevice(String type, String parent, ObjectNode options) {
    this.type = JsonValues.require(type, "device type");
    this.parent = parent;
    this.options = JsonValues.copy(options);
  }

  public static StageDevice of(String type, ObjectNode options) {
    return new StageDevice(type, null, options);
  }

  /** A device on the stage's device named {@code parent}. */
  public static StageDevice of(String type, String parent, ObjectNode options) {
    return new StageDevice(type, parent, options);
  }

  public String type() {
    return type;
  }

  public Optional<String> parent() {
    return Optional.ofNullable(parent);
  }

  /** A copy of the options; an empty object when none. */
  public ObjectNode options() {
    return options.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StageDevice d
        && type.equals(d.type)
        && Objects.equals(parent, d.parent)
        && JsonValues.same(options, d.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, parent, JsonValues.hash(options));
  }

  @Override
  public String toString() {
    return "StageDevice[" + type + (parent == null ? "" : " on " + parent) + " " + options + "]";
  }
}
