package org.osbuildj.core.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.isolation.Command;

class EspFormatTest {
  private static final Optional<Instant> EPOCH = Optional.of(Instant.ofEpochSecond(1_700_000_000));

  @Test
  void mkfsFatSetsTheSerialAfterInvariantWhichWouldOtherwiseResetIt() {
    Command mkfs = EspFormat.mkfs("/o/esp.img", 128L << 20, "ESP", 0x2468ACE0L);

    assertThat(mkfs.argv())
        .containsExactly(
            "mkfs.fat",
            "-F",
            "32",
            "-n",
            "ESP",
            "--invariant",
            "-i",
            "2468ACE0",
            "-C",
            "/o/esp.img",
            "131072");
    assertThat(mkfs.argv().indexOf("-i")).isGreaterThan(mkfs.argv().indexOf("--invariant"));
  }

  @Test
  void aLabelFatCannotHoldIsRefused() {
    for (String label : List.of("", "esp", "TWELVE_CHARS", "A/B")) {
      assertThatThrownBy(() -> EspFormat.mkfs("/o/e", 64L << 20, label, 1))
          .as(label)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("FAT label");
    }
  }

  @Test
  void serialsAreWrittenAndReadAsBlkidPrintsThem() {
    assertThat(EspFormat.serialText(0x2468ACE0L)).isEqualTo("2468-ACE0");
    assertThat(EspFormat.serialText(0xBL)).isEqualTo("0000-000B");
    assertThat(EspFormat.parseSerial("7a3e-01B2")).isEqualTo(0x7A3E01B2L);
    for (String bad : List.of("7A3E01B2", "7A3E-01B", "7A3E-01B2\n", "GGGG-0000")) {
      assertThatThrownBy(() -> EspFormat.parseSerial(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void mtoolsGetTheEpochAndSkipTheGeometryCheck() {
    Command mmd = EspFormat.makeDirectories("/o/esp.img", List.of("/EFI", "/EFI/BOOT"), EPOCH);
    Command mcopy = EspFormat.copy("/o/esp.img", "/o/files/0", "/EFI/BOOT/BOOTX64.EFI", EPOCH);

    assertThat(mmd.argv()).containsExactly("mmd", "-i", "/o/esp.img", "::/EFI", "::/EFI/BOOT");
    assertThat(mcopy.argv())
        .containsExactly(
            "mcopy", "-m", "-i", "/o/esp.img", "/o/files/0", "::/EFI/BOOT/BOOTX64.EFI");
    for (Command command : List.of(mmd, mcopy)) {
      assertThat(command.environment())
          .containsAllEntriesOf(
              Map.of("SOURCE_DATE_EPOCH", "1700000000", "MTOOLS_SKIP_CHECK", "1"));
    }
    assertThat(EspFormat.makeDirectories("/o/e", List.of("/EFI"), Optional.empty()).environment())
        .doesNotContainKey("SOURCE_DATE_EPOCH");
  }

  @Test
  void theDirectoriesFilesNeedComeParentsFirstOnceWhateverTheirCase() {
    assertThat(
            EspFormat.directoriesFor(
                List.of(
                    "/EFI/BOOT/BOOTX64.EFI",
                    "/EFI/boot/grubx64.efi",
                    "/EFI/debian/a/b.cfg",
                    "/top.txt")))
        .containsExactly("/EFI", "/EFI/BOOT", "/EFI/debian", "/EFI/debian/a");
  }
}
