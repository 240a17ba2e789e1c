package org.osbuildj.core.disk;

import org.osbuildj.core.disk.Ext4Sizing.TreeUsage;

/**
 * A disk sized from its tree, for a disk assembler given no {@code size}, as the osbuild seed's
 * qcow2 assembler sized every disk (its tree's bytes and a fifth more):
 *
 * <ol>
 *   <li>the headroom: {@value #HEADROOM_PERCENT} % of the tree's bytes, and at least {@value
 *       #MINIMUM_HEADROOM_MIB} MiB, so that a small system still has room for logs, package lists
 *       and a few updates;
 *   <li>the root filesystem: the smallest whole MiB that holds the tree with ext4's inode tables,
 *       journal, group metadata and margin, and leaves the headroom free for users other than root
 *       ({@link Ext4Sizing#withFreeSpace});
 *   <li>the disk: the smallest whole MiB whose {@link DiskLayout} gives a root partition at least
 *       that large: the boot area before it (1 MiB with MBR, 2 MiB with GPT, and the EFI system
 *       partition on UEFI and hybrid disks) and, with GPT, the MiB that holds the backup table
 *       after it.
 * </ol>
 *
 * Integer arithmetic on a {@link TreeUsage} only: the same usage always gives the same disk.
 *
 * @param disk the disk's size, a whole number of MiB
 * @param filesystem the root filesystem's size, a whole number of MiB, which the root partition
 *     holds exactly
 * @param tree what the tree needs in ext4 (its {@link TreeUsage#bytes()})
 * @param headroom the free space the filesystem leaves at least
 */
public record TreeSizedDisk(DataSize disk, DataSize filesystem, DataSize tree, DataSize headroom) {
  public static final int HEADROOM_PERCENT = 20;
  public static final long MINIMUM_HEADROOM_MIB = 64;
  private static final long MIB = 1L << 20;

  /** The disk for a tree of this usage behind a partition table of this type. */
  public static TreeSizedDisk plan(PartitionTableType table, TreeUsage usage) {
    return plan(PartitionScheme.bios(table), usage);
  }

  /** The disk for a tree of this usage on a disk with these partitions. */
  public static TreeSizedDisk plan(PartitionScheme scheme, TreeUsage usage) {
    DataSize headroom = headroom(usage);
    DataSize filesystem = Ext4Sizing.withFreeSpace(usage, headroom.bytes());
    long disk = filesystem.bytes() + MIB;
    while (DiskLayout.plan(scheme, DataSize.ofBytes(disk)).root().sizeBytes()
        < filesystem.bytes()) {
      disk += MIB;
    }
    return new TreeSizedDisk(
        DataSize.ofBytes(disk), filesystem, DataSize.ofBytes(usage.bytes()), headroom);
  }

  /** {@value #HEADROOM_PERCENT} % of the tree's bytes, rounded up to a MiB, or the minimum. */
  static DataSize headroom(TreeUsage usage) {
    long share = Math.multiplyExact(usage.bytes(), HEADROOM_PERCENT) / 100;
    long mib = Math.max(MINIMUM_HEADROOM_MIB, (share + MIB - 1) / MIB);
    return DataSize.ofMiB(mib);
  }

  /**
   * For the log: "84 MiB (tree 3 MiB + headroom 64 MiB ...)", in whole MiB, the tree's rounded up.
   */
  public String describe() {
    return disk.mebibytesRoundedUp()
        + " MiB (tree "
        + tree.mebibytesRoundedUp()
        + " MiB + headroom "
        + headroom.mebibytesRoundedUp()
        + " MiB free, in an ext4 of "
        + filesystem.mebibytesRoundedUp()
        + " MiB with its metadata, plus "
        + (disk.bytes() - filesystem.bytes()) / MIB
        + " MiB of partition table and boot area)";
  }
}
