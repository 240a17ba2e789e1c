package org.osbuildj.core.stages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osbuildj.core.spi.StageContext;

/**
 * {@code org.osbuild.keymap}: sets the keyboard layout of the console and of X11. systemd reads
 * {@code KEYMAP} (and {@code FONT}) from {@code /etc/vconsole.conf}, which osbuild writes; Debian's
 * console-setup and X read {@code XKBLAYOUT} from {@code /etc/default/keyboard}, whose other
 * settings are kept. The XKB layouts are {@code x11-keymap.layouts} when given, else the keymap's
 * name up to its first '-' ({@code de-latin1-nodeadkeys} gives {@code de}).
 */
public final class KeymapStage extends NativeStage {
  public static final String NAME = "org.osbuild.keymap";
  private static final String KEYBOARD = "/etc/default/keyboard";

  public KeymapStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    String keymap = context.options().string("keymap");
    StageFiles files = new StageFiles(context);
    StringBuilder vconsole = new StringBuilder("KEYMAP=" + keymap + "\n");
    context
        .options()
        .optionalString("font")
        .ifPresent(font -> vconsole.append("FONT=").append(font).append('\n'));
    files.write("/etc/vconsole.conf", vconsole.toString());

    List<String> layouts =
        context
            .options()
            .get("x11-keymap")
            .map(
                x11 -> {
                  List<String> names = new ArrayList<>();
                  x11.get("layouts").forEach(layout -> names.add(layout.asText()));
                  return names;
                })
            .orElse(List.of(keymap.split("-", 2)[0]));
    String before =
        context.tree().isRegularFile(KEYBOARD) ? context.tree().readString(KEYBOARD) : "";
    Map<String, String> values = new LinkedHashMap<>();
    values.put("XKBLAYOUT", String.join(",", layouts));
    if (before.isEmpty()) {
      // What Debian's keyboard-configuration writes for a layout with no choices made.
      values = new LinkedHashMap<>(Map.of("XKBMODEL", "pc105"));
      values.put("XKBLAYOUT", String.join(",", layouts));
      values.put("XKBVARIANT", "");
      values.put("XKBOPTIONS", "");
      values.put("BACKSPACE", "guess");
    }
    files.write(KEYBOARD, ShellVariables.set(before, values));
    context.log("keymap set to " + keymap + ", XKB layouts " + String.join(",", layouts));
  }
}
