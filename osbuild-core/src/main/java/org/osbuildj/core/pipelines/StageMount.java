package org.osbuildj.core.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A mount a format-2 stage uses: its name (unique in the stage; the stage reaches it as {@code
 * mount://<name>/}), its type ({@code org.osbuild.ext4}, ...), the stage device it mounts ({@code
 * source}), the partition of that device (a JSON number, as osbuild's schema allows), where it goes
 * ({@code target}, such as {@code /boot}) and its options.
 *
 * <pre>{@code
 * StageMount root = StageMount.builder("root", "org.osbuild.ext4")
 *     .source("disk").target("/").build();
 * }</pre>
 */
public final class StageMount {
  private final String name;
  private final String type;
  private final String source;
  private final String target;
  private final JsonNode partition;
  private final ObjectNode options;

  private StageMount(Builder b) {
    this.name = JsonValues.require(b.name, "mount name");
    this.type = JsonValues.require(b.type, "mount type");
    this.source = b.source;
    this.target = b.target;
    if (b.partition != null && !b.partition.isNumber()) {
      throw new IllegalArgumentException("a mount's partition is a number, got " + b.partition);
    }
    this.partition = b.partition == null ? null : b.partition.deepCopy();
    this.options = JsonValues.copy(b.options);
  }

  public static Builder builder(String name, String type) {
    return new Builder(name, type);
  }

  public String name() {
    return name;
  }

  public String type() {
    return type;
  }

  /** The name of the stage's device that is mounted. */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }

  public Optional<String> target() {
    return Optional.ofNullable(target);
  }

  /** The partition of the source device, as the JSON number the manifest gave. */
  public Optional<JsonNode> partition() {
    return Optional.ofNullable(partition).map(JsonNode::deepCopy);
  }

  /** A copy of the options; an empty object when none. */
  public ObjectNode options() {
    return options.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StageMount m
        && name.equals(m.name)
        && type.equals(m.type)
        && Objects.equals(source, m.source)
        && Objects.equals(target, m.target)
        && JsonValues.same(partition, m.partition)
        && JsonValues.same(options, m.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name, type, source, target, JsonValues.hash(partition), JsonValues.hash(options));
  }

  @Override
  public String toString() {
    return "StageMount[" + name + " " + type + " " + source + " -> " + target + "]";
  }

  /** Collects a mount's parts. */
  public static final class Builder {
    private final String name;
    private final String type;
    private String source;
    private String target;
    private JsonNode partition;
    private ObjectNode options;

    private Builder(String name, String type) {
      this.name = name;
      this.type = type;
    }

    public Builder source(String deviceName) {
      this.source = deviceName;
      return this;
    }

    public Builder target(String path) {
      this.target = path;
      return this;
    }

    public Builder partition(int number) {
      this.partition = IntNode.valueOf(number);
      return this;
    }

    /** The partition as any JSON number (osbuild's schema says "number", not "integer"). */
    public Builder partition(JsonNode number) {
      this.partition = number;
      return this;
    }

    public Builder options(ObjectNode json) {
      this.options = json;
      return this;
    }

    public StageMount build() {
      return new StageMount(this);
    }
  }
}
