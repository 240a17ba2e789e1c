package org.osbuildj.core.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DiskLayoutTest {
  private static final long GIB_SECTORS = 2 * 1024 * 1024;

  @Test
  void mbrPutsAnActiveRootFromOneMibToTheEndAndGrubBeforeIt() {
    DiskLayout layout = DiskLayout.plan(PartitionTableType.MBR, DataSize.ofGiB(2));

    assertThat(layout.partitions())
        .containsExactly(new Partition(1, 2048, 2 * GIB_SECTORS - 2048, "83", "root", true));
    assertThat(layout.biosBoot()).isEmpty();
    assertThat(layout.coreImageStart()).isEqualTo(1);
    assertThat(layout.coreImageCapacity()).isEqualTo(2047);
    assertThat(layout.root().startBytes()).isEqualTo(1 << 20);
  }

  @Test
  void gptPutsGrubInABiosBootPartitionAndEndsTheRootOnAWholeMibBeforeTheBackupTable() {
    DiskLayout layout = DiskLayout.plan(PartitionTableType.GPT, DataSize.ofGiB(2));

    assertThat(layout.biosBoot())
        .contains(new Partition(1, 2048, 2048, DiskLayout.GPT_BIOS_BOOT, "BIOS boot", false));
    Partition root = layout.root();
    assertThat(root.number()).isEqualTo(2);
    assertThat(root.start()).isEqualTo(4096);
    assertThat(root.type()).isEqualTo(DiskLayout.GPT_LINUX_FILESYSTEM);
    assertThat(root.bootable()).isFalse();
    assertThat(root.end() % 2048).isZero();
    assertThat(root.end())
        .isLessThanOrEqualTo(2 * GIB_SECTORS - 33)
        .isGreaterThan(2 * GIB_SECTORS - 33 - 2048);
    assertThat(layout.coreImageStart()).isEqualTo(2048);
    assertThat(layout.coreImageCapacity()).isEqualTo(2048);
  }

  @Test
  void anOddSizedDiskStillKeepsTheGptBackupAreaFree() {
    DataSize odd = DataSize.ofBytes(100 * 1024 * 1024 + 7 * 512);
    DiskLayout layout = DiskLayout.plan(PartitionTableType.GPT, odd);

    assertThat(layout.diskSectors()).isEqualTo(100 * 2048 + 7);
    assertThat(layout.root().end()).isLessThanOrEqualTo(layout.diskSectors() - 33);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 511, 513, (2L << 30) + 100})
  void sizesThatAreNotWholeSectorsAreRefused(long bytes) {
    assertThatThrownBy(() -> DiskLayout.plan(PartitionTableType.MBR, DataSize.ofBytes(bytes)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("512-byte sectors");
  }

  @Test
  void aDiskWithNoRoomAfterTheBootAreaIsRefusedWithTheSmallestSize() {
    assertThatThrownBy(() -> DiskLayout.plan(PartitionTableType.MBR, DataSize.ofMiB(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2M");
    assertThatThrownBy(() -> DiskLayout.plan(PartitionTableType.GPT, DataSize.ofMiB(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4M");
    assertThat(DiskLayout.plan(PartitionTableType.MBR, DataSize.ofMiB(2)).root().size())
        .isEqualTo(2048);
  }
}
