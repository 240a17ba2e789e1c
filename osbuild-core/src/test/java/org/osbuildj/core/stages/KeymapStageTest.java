package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.StageHarness;

class KeymapStageTest {
  @TempDir Path tree;

  @Test
  void writesKeymapToVconsoleConfAndANewDebianKeyboardFile() throws Exception {
    StageHarness.of(new KeymapStage())
        .options(Json.object().put("keymap", "de-latin1-nodeadkeys"))
        .run(tree);

    assertThat(Files.readString(tree.resolve("etc/vconsole.conf")))
        .isEqualTo("KEYMAP=de-latin1-nodeadkeys\n");
    assertThat(Files.readString(tree.resolve("etc/default/keyboard")))
        .isEqualTo(
            "XKBMODEL=\"pc105\"\nXKBLAYOUT=\"de\"\nXKBVARIANT=\"\"\nXKBOPTIONS=\"\"\nBACKSPACE=\"guess\"\n");
  }

  @Test
  void keepsOtherKeyboardSettingsAndTakesX11LayoutsAndTheFontWhenGiven() throws Exception {
    Files.createDirectories(tree.resolve("etc/default"));
    Files.writeString(
        tree.resolve("etc/default/keyboard"),
        "# KEYBOARD CONFIGURATION FILE\nXKBMODEL=\"pc104\"\nXKBLAYOUT=\"us\"\nXKBOPTIONS=\"ctrl:nocaps\"\n");
    var options = Json.object().put("keymap", "us").put("font", "eurlatgr");
    options.putObject("x11-keymap").putArray("layouts").add("us").add("de");

    StageHarness.of(new KeymapStage()).options(options).run(tree);

    assertThat(Files.readString(tree.resolve("etc/vconsole.conf")))
        .isEqualTo("KEYMAP=us\nFONT=eurlatgr\n");
    assertThat(Files.readString(tree.resolve("etc/default/keyboard")))
        .isEqualTo(
            "# KEYBOARD CONFIGURATION FILE\nXKBMODEL=\"pc104\"\nXKBLAYOUT=\"us,de\"\nXKBOPTIONS=\"ctrl:nocaps\"\n");
  }
}
