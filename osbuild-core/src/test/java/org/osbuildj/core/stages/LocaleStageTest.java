package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.StageHarness;

class LocaleStageTest {
  @TempDir Path tree;

  private StageHarness locale(String language) {
    return StageHarness.of(new LocaleStage()).options(Json.object().put("language", language));
  }

  @Test
  void writesLangToLocaleConfAndToDebiansDefaultLocale() throws Exception {
    locale("en_US.UTF-8").run(tree);

    assertThat(Files.readString(tree.resolve("etc/locale.conf"))).isEqualTo("LANG=en_US.UTF-8\n");
    assertThat(Files.readString(tree.resolve("etc/default/locale")))
        .isEqualTo("LANG=en_US.UTF-8\n");
    assertThat(Files.getAttribute(tree.resolve("etc/default"), "unix:mode")).isEqualTo(040755);
  }

  @Test
  void theSeedsVcKeymapWritesTheConsoleKeymapWithTheSeedsFontAndWithoutItVconsoleIsLeftAlone()
      throws Exception {
    StageHarness.of(new LocaleStage())
        .options(Json.object().put("language", "en_US").put("vc_keymap", "us"))
        .run(tree);

    assertThat(Files.readString(tree.resolve("etc/vconsole.conf")))
        .isEqualTo("KEYMAP=us\nFONT=eurlatgr\n");
    assertThat(Files.readString(tree.resolve("etc/locale.conf"))).isEqualTo("LANG=en_US\n");

    Path other = Files.createDirectory(tree.resolve("other"));
    locale("en_US").run(other);
    assertThat(other.resolve("etc/vconsole.conf")).doesNotExist();
  }

  @Test
  void replacesWhateverTheFilesHeldBefore() throws Exception {
    Files.createDirectories(tree.resolve("etc/default"));
    Files.writeString(tree.resolve("etc/default/locale"), "LANG=C\nLC_ALL=POSIX\nLANGUAGE=en\n");

    locale("de_DE@euro").run(tree);

    assertThat(Files.readString(tree.resolve("etc/default/locale"))).isEqualTo("LANG=de_DE@euro\n");
  }

  @Test
  void withSourceDateEpochBothFilesAndTheDirectoriesTheyChangedGetThatTime() throws Exception {
    Instant epoch = Instant.ofEpochSecond(1_234_567_890);

    locale("C.UTF-8").sourceDateEpoch(epoch).run(tree);

    for (String path :
        new String[] {"", "etc", "etc/default", "etc/default/locale", "etc/locale.conf"}) {
      assertThat(Files.getLastModifiedTime(tree.resolve(path)).toInstant())
          .as(path)
          .isEqualTo(epoch);
    }
  }

  @Test
  void withSourceDateEpochAnExistingEtcGetsThatTimeButItsOtherFilesKeepTheirs() throws Exception {
    Instant epoch = Instant.ofEpochSecond(1_234_567_890);
    Files.createDirectories(tree.resolve("etc"));
    Files.writeString(tree.resolve("etc/fstab"), "# fstab\n");
    var fstabTime = Files.getLastModifiedTime(tree.resolve("etc/fstab"));

    locale("C.UTF-8").sourceDateEpoch(epoch).run(tree);

    assertThat(Files.getLastModifiedTime(tree.resolve("etc")).toInstant()).isEqualTo(epoch);
    assertThat(Files.getLastModifiedTime(tree.resolve("etc/fstab"))).isEqualTo(fstabTime);
  }
}
