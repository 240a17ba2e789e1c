package org.osbuildj.core.disk;

import java.util.Objects;

/**
 * Which partitions a disk gets, before its size is known: the table, how it boots, the EFI system
 * partition's length and the root partition's type. {@link DiskLayout#plan(PartitionScheme,
 * DataSize)} places them on a disk of a given size.
 *
 * @param table the partition table; UEFI and hybrid disks need GPT
 * @param boot how the disk boots
 * @param espSectors the EFI system partition's length in sectors, a whole MiB; 0 for BIOS
 * @param rootType the root partition's type: an MBR type byte or a GPT type GUID
 */
public record PartitionScheme(
    PartitionTableType table, BootMode boot, long espSectors, String rootType) {
  /** The default ESP: 128 MiB, room for a few loaders beside GRUB's. */
  public static final DataSize DEFAULT_ESP_SIZE = DataSize.ofMiB(128);

  /**
   * The smallest ESP: FAT32, which UEFI requires of a hard disk's ESP, needs 65525 clusters; with
   * 512-byte clusters that is just under 33 MiB (mkfs.fat warns and mtools cannot read 32 MiB).
   */
  public static final DataSize MINIMUM_ESP_SIZE = DataSize.ofMiB(34);

  public PartitionScheme {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(boot, "boot");
    Objects.requireNonNull(rootType, "rootType");
    if (boot.bootsWithUefi() && table != PartitionTableType.GPT) {
      throw new IllegalArgumentException(
          "boot " + boot.optionValue() + " needs partition_table gpt, not " + table.optionValue());
    }
    if (boot.bootsWithUefi()
        && (espSectors % DiskLayout.ALIGNMENT != 0
            || espSectors * DiskLayout.SECTOR < MINIMUM_ESP_SIZE.bytes())) {
      throw new IllegalArgumentException(
          "the EFI system partition must be a whole number of MiB and at least "
              + MINIMUM_ESP_SIZE
              + ", not "
              + espSectors
              + " sectors");
    }
    if (!boot.bootsWithUefi() && espSectors != 0) {
      throw new IllegalArgumentException("a BIOS disk has no EFI system partition");
    }
  }

  /** Today's BIOS disks: MBR or GPT, the root of type Linux. */
  public static PartitionScheme bios(PartitionTableType table) {
    return new PartitionScheme(
        table,
        BootMode.BIOS,
        0,
        table == PartitionTableType.MBR ? DiskLayout.MBR_LINUX : DiskLayout.GPT_LINUX_FILESYSTEM);
  }

  /**
   * A UEFI or hybrid GPT disk with an ESP of {@code espSize} and the target's root partition type.
   *
   * @throws IllegalArgumentException for a BIOS boot mode or an ESP that is not whole MiB, or
   *     smaller than {@link #MINIMUM_ESP_SIZE}
   */
  public static PartitionScheme efi(BootMode boot, DataSize espSize, EfiTarget target) {
    if (!boot.bootsWithUefi()) {
      throw new IllegalArgumentException("boot bios has no EFI system partition");
    }
    if (!espSize.isMultipleOf(DiskLayout.ALIGNMENT * DiskLayout.SECTOR)) {
      throw new IllegalArgumentException(
          "the EFI system partition's size must be a whole number of MiB, not "
              + espSize.bytes()
              + " bytes");
    }
    return new PartitionScheme(
        PartitionTableType.GPT,
        boot,
        espSize.bytes() / DiskLayout.SECTOR,
        target.rootPartitionType());
  }
}
