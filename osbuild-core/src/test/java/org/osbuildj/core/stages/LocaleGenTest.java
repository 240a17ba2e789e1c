package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.StageHarness;

class LocaleGenTest {
  private static final String DEBIAN =
      "# This file lists locales that you wish to have built.\n"
          + "# de_DE ISO-8859-1\n# de_DE.UTF-8 UTF-8\n# de_DE@euro ISO-8859-15\n# en_US.UTF-8 UTF-8\n";

  @TempDir Path tree;

  @Test
  void uncommentsTheLocalesLineAndNoOther() {
    assertThat(LocaleGen.enable(DEBIAN, "de_DE.UTF-8", ""))
        .isEqualTo(DEBIAN.replace("# de_DE.UTF-8 UTF-8", "de_DE.UTF-8 UTF-8"));
  }

  @Test
  void anEnabledLocaleLeavesTheFileAlone() {
    String enabled = DEBIAN + "en_GB.UTF-8 UTF-8\n";

    assertThat(LocaleGen.enable(enabled, "en_GB.UTF-8", "")).isSameAs(enabled);
  }

  @Test
  void aLocaleNotListedIsAppendedWithTheCharsetFromSupportedOrFromItsName() {
    assertThat(LocaleGen.enable(DEBIAN, "sr_RS@latin", "sr_RS UTF-8\nsr_RS@latin UTF-8\n"))
        .endsWith("\nsr_RS@latin UTF-8\n");
    assertThat(LocaleGen.enable(DEBIAN, "fi_FI.utf8", "")).endsWith("\nfi_FI.utf8 UTF-8\n");
    assertThatThrownBy(() -> LocaleGen.enable(DEBIAN, "xx_XX", ""))
        .hasMessageContaining("character set");
  }

  @Test
  void theLocaleStageEnablesTheLocaleInATreeThatHasLocaleGenButNoProgramToRun() throws Exception {
    Files.createDirectories(tree.resolve("etc"));
    Files.writeString(tree.resolve("etc/locale.gen"), DEBIAN);

    var log =
        StageHarness.of(new LocaleStage())
            .options(Json.object().put("language", "en_US.UTF-8"))
            .run(tree);

    assertThat(Files.readString(tree.resolve("etc/locale.gen"))).contains("\nen_US.UTF-8 UTF-8\n");
    assertThat(log).anyMatch(line -> line.contains("no locale-gen"));
  }

  @Test
  void builtInLocalesNeedNoGenerating() throws Exception {
    Files.createDirectories(tree.resolve("etc"));
    Files.writeString(tree.resolve("etc/locale.gen"), DEBIAN);

    StageHarness.of(new LocaleStage()).options(Json.object().put("language", "C.UTF-8")).run(tree);

    assertThat(Files.readString(tree.resolve("etc/locale.gen"))).isEqualTo(DEBIAN);
  }
}
