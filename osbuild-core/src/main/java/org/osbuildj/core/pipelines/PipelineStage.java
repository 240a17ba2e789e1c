package org.osbuildj.core.pipelines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osbuildj.core.pipeline.Stage;

/**
 * A stage of a format-2 pipeline: its type (the stage's name, such as {@code
 * org.osbuild.hostname}), its options, and what it reads and writes besides its tree: inputs by
 * name, devices by name, and mounts in order.
 *
 * <pre>{@code
 * PipelineStage copy = PipelineStage.builder("org.osbuild.copy")
 *     .options(options)
 *     .input("tree", StageInput.tree("os"))
 *     .device("disk", StageDevice.of("org.osbuild.loopback", loopOptions))
 *     .mount(StageMount.builder("root", "org.osbuild.ext4").source("disk").target("/").build())
 *     .build();
 * }</pre>
 */
public final class PipelineStage {
  private final String type;
  private final ObjectNode options;
  private final Map<String, StageInput> inputs;
  private final Map<String, StageDevice> devices;
  private final List<StageMount> mounts;

  private PipelineStage(Builder b) {
    if (!Stage.isValidName(b.type)) {
      throw new IllegalArgumentException(
          "a stage type is letters, digits and . _ + - (like org.osbuild.hostname), got: "
              + b.type);
    }
    this.type = b.type;
    this.options = JsonValues.copy(b.options);
    this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.inputs));
    this.devices = Collections.unmodifiableMap(new LinkedHashMap<>(b.devices));
    this.mounts = List.copyOf(b.mounts);
  }

  public static Builder builder(String type) {
    return new Builder(type);
  }

  /** A stage with options and nothing else. */
  public static PipelineStage of(String type, ObjectNode options) {
    return builder(type).options(options).build();
  }

  public String type() {
    return type;
  }

  /** A copy of the options; an empty object when none. */
  public ObjectNode options() {
    return options.deepCopy();
  }

  public Map<String, StageInput> inputs() {
    return inputs;
  }

  public Map<String, StageDevice> devices() {
    return devices;
  }

  public List<StageMount> mounts() {
    return mounts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PipelineStage s
        && type.equals(s.type)
        && JsonValues.same(options, s.options)
        && inputs.equals(s.inputs)
        && devices.equals(s.devices)
        && mounts.equals(s.mounts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, JsonValues.hash(options), inputs, devices, mounts);
  }

  @Override
  public String toString() {
    return "PipelineStage[" + type + " " + options + "]";
  }

  /** Collects a stage's parts. */
  public static final class Builder {
    private final String type;
    private ObjectNode options;
    private final Map<String, StageInput> inputs = new LinkedHashMap<>();
    private final Map<String, StageDevice> devices = new LinkedHashMap<>();
    private final List<StageMount> mounts = new ArrayList<>();

    private Builder(String type) {
      this.type = type;
    }

    public Builder options(ObjectNode json) {
      this.options = json;
      return this;
    }

    public Builder input(String name, StageInput input) {
      JsonValues.require(name, "input name");
      if (inputs.putIfAbsent(name, Objects.requireNonNull(input, "input")) != null) {
        throw new IllegalArgumentException("input " + name + " is given twice");
      }
      return this;
    }

    public Builder device(String name, StageDevice device) {
      JsonValues.require(name, "device name");
      if (devices.putIfAbsent(name, Objects.requireNonNull(device, "device")) != null) {
        throw new IllegalArgumentException("device " + name + " is given twice");
      }
      return this;
    }

    public Builder mount(StageMount mount) {
      mounts.add(Objects.requireNonNull(mount, "mount"));
      return this;
    }

    public PipelineStage build() {
      return new PipelineStage(this);
    }
  }
}
