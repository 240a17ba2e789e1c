package org.osbuildj.core.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A source of a format-2 manifest: its type ({@code org.osbuild.curl}, {@code org.osbuild.inline}),
 * its items by checksum, each with what that type says about it (a URL, or {@code {"url": ...,
 * "secrets": ...}} for curl; {@code {"encoding": "base64", "data": ...}} for inline), and the
 * source's options. Inputs of origin {@code org.osbuild.source} name items by their checksum.
 *
 * <pre>{@code
 * PipelineSource curl = PipelineSource.builder("org.osbuild.curl")
 *     .item("sha256:...", TextNode.valueOf("https://example.org/a.rpm")).build();
 * }</pre>
 */
public final class PipelineSource {
  /** Files fetched from URLs. */
  public static final String CURL = "org.osbuild.curl";

  /** Files held in the manifest, base64-encoded. */
  public static final String INLINE = "org.osbuild.inline";

  private final String type;
  private final Map<String, JsonNode> items;
  private final ObjectNode options;

  private PipelineSource(Builder b) {
    this.type = JsonValues.require(b.type, "source type");
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    b.items.forEach((key, value) -> copy.put(key, value.deepCopy()));
    this.items = Collections.unmodifiableMap(copy);
    this.options = JsonValues.copy(b.options);
  }

  public static Builder builder(String type) {
    return new Builder(type);
  }

  public String type() {
    return type;
  }

  /** The items by checksum, each a copy of its description. */
  public Map<String, JsonNode> items() {
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    items.forEach((key, value) -> copy.put(key, value.deepCopy()));
    return copy;
  }

  public boolean hasItem(String checksum) {
    return items.containsKey(checksum);
  }

  /** A copy of the source's options; an empty object when none. */
  public ObjectNode options() {
    return options.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PipelineSource s)
        || !type.equals(s.type)
        || !JsonValues.same(options, s.options)
        || !items.keySet().equals(s.items.keySet())) {
      return false;
    }
    for (Map.Entry<String, JsonNode> item : items.entrySet()) {
      if (!JsonValues.same(item.getValue(), s.items.get(item.getKey()))) return false;
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, items.keySet(), JsonValues.hash(options));
  }

  @Override
  public String toString() {
    return "PipelineSource[" + type + ", " + items.size() + " items]";
  }

  /** Collects a source's items. */
  public static final class Builder {
    private final String type;
    private final Map<String, JsonNode> items = new LinkedHashMap<>();
    private ObjectNode options;

    private Builder(String type) {
      this.type = type;
    }

    public Builder item(String checksum, JsonNode description) {
      JsonValues.require(checksum, "item checksum");
      if (items.putIfAbsent(checksum, Objects.requireNonNull(description, "description")) != null) {
        throw new IllegalArgumentException("item " + checksum + " is given twice");
      }
      return this;
    }

    public Builder options(ObjectNode json) {
      this.options = json;
      return this;
    }

    public PipelineSource build() {
      return new PipelineSource(this);
    }
  }
}
