package org.osbuildj.core.disk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.osbuildj.core.disk.Ext4Sizing.TreeUsage;

class TreeSizedDiskTest {
  private static final long MIB = 1L << 20;
  private static final TreeUsage SMALL = new TreeUsage(3 * MIB, 120);
  private static final TreeUsage DEBIAN = new TreeUsage(700 * MIB, 28_000);

  @Test
  void aSmallTreeGetsTheMinimumHeadroomAndAnMbrDiskOneMibLongerThanItsFilesystem() {
    TreeSizedDisk disk = TreeSizedDisk.plan(PartitionTableType.MBR, SMALL);

    assertThat(disk.headroom()).isEqualTo(DataSize.ofMiB(64));
    assertThat(disk.tree()).isEqualTo(DataSize.ofMiB(3));
    assertThat(disk.disk().bytes()).isEqualTo(disk.filesystem().bytes() + MIB);
    assertThat(disk.disk().bytes() % MIB).isZero();
    assertThat(disk.filesystem().bytes() % MIB).isZero();
    assertThat(disk.disk().bytes()).isBetween(70 * MIB, 90 * MIB);
  }

  @Test
  void aLargeTreeGetsAFifthOfItsSizeFree() {
    TreeSizedDisk disk = TreeSizedDisk.plan(PartitionTableType.MBR, DEBIAN);

    assertThat(disk.headroom()).isEqualTo(DataSize.ofMiB(140));
    assertThat(Ext4Sizing.available(DEBIAN, disk.filesystem().bytes()))
        .isGreaterThanOrEqualTo(140 * MIB);
    assertThat(disk.disk().bytes()).isBetween(840 * MIB, 1000 * MIB);
  }

  @Test
  void theHeadroomIsRoundedUpToAWholeMib() {
    assertThat(TreeSizedDisk.headroom(new TreeUsage(1000 * MIB + 5, 10)))
        .isEqualTo(DataSize.ofMiB(201));
    assertThat(TreeSizedDisk.headroom(new TreeUsage(0, 1))).isEqualTo(DataSize.ofMiB(64));
  }

  @ParameterizedTest
  @EnumSource(PartitionTableType.class)
  void theRootPartitionIsExactlyTheFilesystemAndTheDiskNoLargerThanNeeded(
      PartitionTableType table) {
    for (TreeUsage usage : new TreeUsage[] {SMALL, DEBIAN, new TreeUsage(0, 1)}) {
      TreeSizedDisk disk = TreeSizedDisk.plan(table, usage);

      assertThat(DiskLayout.plan(table, disk.disk()).root().sizeBytes())
          .as("%s %s", table, usage)
          .isEqualTo(disk.filesystem().bytes());
      assertThat(
              DiskLayout.plan(table, DataSize.ofBytes(disk.disk().bytes() - MIB))
                  .root()
                  .sizeBytes())
          .as("one MiB less")
          .isLessThan(disk.filesystem().bytes());
    }
    assertThat(TreeSizedDisk.plan(PartitionTableType.GPT, SMALL).disk().bytes())
        .as("GPT: 2 MiB before the root, the backup table's MiB after it")
        .isEqualTo(TreeSizedDisk.plan(PartitionTableType.MBR, SMALL).disk().bytes() + 2 * MIB);
  }

  @Test
  void theFilesystemIsTheSmallestWholeMibLeavingTheHeadroomFree() {
    for (TreeUsage usage : new TreeUsage[] {SMALL, DEBIAN, new TreeUsage(5L << 30, 150_000)}) {
      TreeSizedDisk disk = TreeSizedDisk.plan(PartitionTableType.MBR, usage);
      long fs = disk.filesystem().bytes();

      assertThat(Ext4Sizing.fits(usage, fs)).isTrue();
      assertThat(Ext4Sizing.available(usage, fs)).isGreaterThanOrEqualTo(disk.headroom().bytes());
      assertThat(Ext4Sizing.available(usage, fs - MIB)).isLessThan(disk.headroom().bytes());
    }
  }

  @Test
  void aTreeOfManySmallFilesKeepsAFifthOfItsInodesFree() {
    TreeUsage tiny = new TreeUsage(400 * MIB, 100_000);

    TreeSizedDisk disk = TreeSizedDisk.plan(PartitionTableType.MBR, tiny);

    long inodes = disk.filesystem().bytes() / Ext4Sizing.BYTES_PER_INODE;
    assertThat(inodes - tiny.inodes()).isGreaterThanOrEqualTo(tiny.inodes() / 5);
  }

  @Test
  void theSameUsageAlwaysGivesTheSameDisk() {
    assertThat(TreeSizedDisk.plan(PartitionTableType.GPT, new TreeUsage(700 * MIB, 28_000)))
        .isEqualTo(TreeSizedDisk.plan(PartitionTableType.GPT, DEBIAN));
  }

  @Test
  void theDescriptionNamesDiskTreeAndHeadroomInMib() {
    TreeSizedDisk disk = TreeSizedDisk.plan(PartitionTableType.MBR, SMALL);

    assertThat(disk.describe())
        .startsWith(disk.disk().mebibytesRoundedUp() + " MiB (tree 3 MiB + headroom 64 MiB free")
        .contains("plus 1 MiB of partition table");
  }
}
