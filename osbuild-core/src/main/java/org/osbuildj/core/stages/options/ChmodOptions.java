package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import org.osbuildj.core.json.Json;

/**
 * {@code org.osbuild.chmod}, as an immutable value: paths in the tree and the mode each gets.
 *
 * <pre>{@code
 * Stages.chmod().withItem("/usr/local/bin/tool", "u+x").withItem("/srv", "go-w", true)
 * }</pre>
 */
public final class ChmodOptions extends StageOptions {
  private final Map<String, Item> items;

  private ChmodOptions(String name, Map<String, Item> items) {
    super(name);
    this.items = items;
  }

  /** No items yet: {@code {"items": {}}}. Made by {@code Stages.chmod()}, which gives the name. */
  public static ChmodOptions of(String name) {
    return new ChmodOptions(name, Map.of());
  }

  /**
   * {@code path} gets {@code mode}, octal ({@code "0755"}) or symbolic ({@code "go-w,u+x"}) as
   * chmod(1) takes it; {@code recursive} is left out (the stage's default: false). A path given
   * before is replaced.
   */
  public ChmodOptions withItem(String path, String mode) {
    return new ChmodOptions(name(), with("items", items, path, new Item(mode, null)));
  }

  /** {@code path} gets {@code mode}; with {@code recursive}, so does everything below it. */
  public ChmodOptions withItem(String path, String mode, boolean recursive) {
    return new ChmodOptions(name(), with("items", items, path, new Item(mode, recursive)));
  }

  /** The same as {@link #withItem(String, String, boolean)}. */
  public ChmodOptions item(String path, String mode, boolean recursive) {
    return withItem(path, mode, recursive);
  }

  @Override
  protected ObjectNode json() {
    ObjectNode json = Json.object();
    ObjectNode itemsJson = json.putObject("items");
    items.forEach(
        (path, item) ->
            put(
                put(itemsJson.putObject(path), "mode", item.mode()),
                "recursive",
                item.recursive()));
    return json;
  }

  private record Item(String mode, Boolean recursive) {
    Item {
      Objects.requireNonNull(mode, "mode");
    }
  }
}
