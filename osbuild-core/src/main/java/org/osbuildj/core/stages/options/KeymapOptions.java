package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.osbuildj.core.json.Json;

/**
 * {@code org.osbuild.keymap}, as an immutable value: the console keymap, and optionally the console
 * font and the X11 layouts (by default the keymap's name up to its first '-').
 *
 * <pre>{@code
 * Stages.keymap("de-latin1").withFont("eurlatgr").withX11Layouts("de", "us")
 * }</pre>
 */
public final class KeymapOptions extends StageOptions {
  private final String keymap;
  private final String font;
  private final List<String> x11Layouts;

  private KeymapOptions(String name, String keymap, String font, List<String> x11Layouts) {
    super(name);
    this.keymap = Objects.requireNonNull(keymap, "keymap");
    this.font = font;
    this.x11Layouts = x11Layouts;
  }

  /** Only the keymap. Made by {@code Stages.keymap(keymap)}, which gives the name. */
  public static KeymapOptions of(String name, String keymap) {
    return new KeymapOptions(name, keymap, null, null);
  }

  /** A console font, such as {@code "eurlatgr"}. */
  public KeymapOptions withFont(String newFont) {
    return new KeymapOptions(name(), keymap, Objects.requireNonNull(newFont, "font"), x11Layouts);
  }

  /**
   * XKB layouts, such as {@code "de", "us"}: {@code x11-keymap.layouts}, which needs at least one.
   */
  public KeymapOptions withX11Layouts(String... layouts) {
    return new KeymapOptions(name(), keymap, font, listOf("x11-keymap.layouts", layouts));
  }

  @Override
  protected ObjectNode json() {
    ObjectNode json = put(Json.object().put("keymap", keymap), "font", font);
    if (x11Layouts != null) {
      put(json.putObject("x11-keymap"), "layouts", x11Layouts);
    }
    return json;
  }
}
