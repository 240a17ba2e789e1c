package org.osbuildj.core.pipelines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An input of a format-2 stage: its type ({@code org.osbuild.tree}, {@code org.osbuild.files},
 * ...), its {@link InputOrigin origin}, its references each with its own options, and the input's
 * options. A reference to a pipeline is held by the pipeline's name (the manifest writes {@code
 * name:<pipeline>}); a reference to a source by the item's checksum. The manifest may list
 * references as an array of names, an array of {@code {"id": ..., "options": ...}} or an object;
 * all three are one value here (osbuild, too, keeps only the object form).
 *
 * <pre>{@code
 * StageInput tree = StageInput.tree("os");                    // org.osbuild.tree of pipeline os
 * StageInput files = StageInput.builder("org.osbuild.files", InputOrigin.SOURCE)
 *     .reference("sha256:...").build();
 * }</pre>
 */
public final class StageInput {
  /** The type of the input that hands a stage another pipeline's tree. */
  public static final String TREE = "org.osbuild.tree";

  private final String type;
  private final InputOrigin origin;
  private final Map<String, ObjectNode> references;
  private final ObjectNode options;

  private StageInput(Builder b) {
    this.type = JsonValues.require(b.type, "input type");
    this.origin = Objects.requireNonNull(b.origin, "origin");
    Map<String, ObjectNode> refs = new LinkedHashMap<>();
    b.references.forEach((key, value) -> refs.put(key, JsonValues.copy(value)));
    this.references = Collections.unmodifiableMap(refs);
    this.options = JsonValues.copy(b.options);
  }

  /** An {@code org.osbuild.tree} input: the finished tree of the pipeline named {@code name}. */
  public static StageInput tree(String pipelineName) {
    return builder(TREE, InputOrigin.PIPELINE).reference(pipelineName).build();
  }

  public static Builder builder(String type, InputOrigin origin) {
    return new Builder(type, origin);
  }

  public String type() {
    return type;
  }

  public InputOrigin origin() {
    return origin;
  }

  /**
   * The references in manifest order, each with a copy of its options (an empty object when none):
   * pipeline names for {@link InputOrigin#PIPELINE}, item checksums for {@link InputOrigin#SOURCE}.
   */
  public Map<String, ObjectNode> references() {
    Map<String, ObjectNode> copy = new LinkedHashMap<>();
    references.forEach((key, value) -> copy.put(key, value.deepCopy()));
    return copy;
  }

  /** A copy of the input's options; an empty object when none. */
  public ObjectNode options() {
    return options.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StageInput i)
        || !type.equals(i.type)
        || origin != i.origin
        || !JsonValues.same(options, i.options)
        || !references.keySet().equals(i.references.keySet())) {
      return false;
    }
    for (Map.Entry<String, ObjectNode> ref : references.entrySet()) {
      if (!JsonValues.same(ref.getValue(), i.references.get(ref.getKey()))) return false;
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, origin, references.keySet(), JsonValues.hash(options));
  }

  @Override
  public String toString() {
    return "StageInput[" + type + " " + origin + " " + references.keySet() + "]";
  }

  /** Collects an input's parts. */
  public static final class Builder {
    private final String type;
    private final InputOrigin origin;
    private final Map<String, ObjectNode> references = new LinkedHashMap<>();
    private ObjectNode options;

    private Builder(String type, InputOrigin origin) {
      this.type = type;
      this.origin = origin;
    }

    /** A reference without options: a pipeline's name, or a source item's checksum. */
    public Builder reference(String reference) {
      return reference(reference, null);
    }

    public Builder reference(String reference, ObjectNode referenceOptions) {
      JsonValues.require(reference, "reference");
      if (references.containsKey(reference)) {
        throw new IllegalArgumentException("reference " + reference + " is given twice");
      }
      references.put(reference, referenceOptions);
      return this;
    }

    public Builder options(ObjectNode json) {
      this.options = json;
      return this;
    }

    public StageInput build() {
      return new StageInput(this);
    }
  }
}
