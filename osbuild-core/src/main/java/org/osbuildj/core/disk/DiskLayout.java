package org.osbuildj.core.disk;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where everything goes on a bootable disk with one root partition: the partitions, and the sectors
 * that hold GRUB's core image for BIOS.
 *
 * <ul>
 *   <li>BIOS, MBR: the root partition from 1 MiB to the end of the disk, active; GRUB's core image
 *       in the gap after the MBR, from sector 1 (where GRUB's own tools put it).
 *   <li>BIOS, GPT: a 1 MiB BIOS boot partition at 1 MiB that holds the core image, then the root
 *       partition from 2 MiB, ending on a whole MiB before the backup table.
 *   <li>UEFI (GPT): the EFI system partition from 1 MiB, then the root partition; no core image.
 *   <li>hybrid (GPT): the BIOS boot partition at 1 MiB, the ESP from 2 MiB, then the root.
 * </ul>
 *
 * @param table the partition table
 * @param diskSectors the disk's length in sectors
 * @param partitions the partitions in order; the last is the root
 * @param coreImageStart the first sector of GRUB's core image; 0 when the disk has none (UEFI)
 * @param coreImageCapacity how many sectors the core image may fill; 0 when it has none
 * @param boot how the disk boots
 */
public record DiskLayout(
    PartitionTableType table,
    long diskSectors,
    List<Partition> partitions,
    long coreImageStart,
    long coreImageCapacity,
    BootMode boot) {
  public static final int SECTOR = 512;

  /** 1 MiB: partitions start on it, as every modern partitioning tool aligns them. */
  static final long ALIGNMENT = 2048;

  /**
   * The sectors a GPT needs at the end of the disk for its backup: 32 of entries and the header.
   */
  static final long GPT_BACKUP_SECTORS = 33;

  public static final String MBR_LINUX = "83";
  public static final String GPT_BIOS_BOOT = "21686148-6449-6E6F-744E-656564454649";
  public static final String GPT_LINUX_FILESYSTEM = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";
  public static final String GPT_EFI_SYSTEM = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";

  public DiskLayout {
    partitions = List.copyOf(partitions);
  }

  /**
   * The layout of a BIOS disk of this size.
   *
   * @throws IllegalArgumentException if the size is not whole sectors or leaves no room for a root
   *     partition
   */
  public static DiskLayout plan(PartitionTableType table, DataSize disk) {
    return plan(PartitionScheme.bios(table), disk);
  }

  /**
   * The layout of a disk of this size with these partitions.
   *
   * @throws IllegalArgumentException if the size is not whole sectors or leaves no room for a root
   *     partition
   */
  public static DiskLayout plan(PartitionScheme scheme, DataSize disk) {
    PartitionTableType table = scheme.table();
    if (!disk.isMultipleOf(SECTOR)) {
      throw new IllegalArgumentException(
          "a disk's size must be a whole number of 512-byte sectors, not "
              + disk.bytes()
              + " bytes");
    }
    long sectors = disk.bytes() / SECTOR;
    List<Partition> partitions = new ArrayList<>();
    long coreStart = 0;
    long coreCapacity = 0;
    long rootStart;
    long rootEnd;
    if (table == PartitionTableType.MBR) {
      coreStart = 1;
      coreCapacity = ALIGNMENT - 1;
      rootStart = ALIGNMENT;
      rootEnd = sectors;
    } else {
      long next = ALIGNMENT;
      if (scheme.boot().bootsWithBios()) {
        partitions.add(new Partition(1, next, ALIGNMENT, GPT_BIOS_BOOT, "BIOS boot", false));
        coreStart = next;
        coreCapacity = ALIGNMENT;
        next += ALIGNMENT;
      }
      if (scheme.boot().bootsWithUefi()) {
        partitions.add(
            new Partition(
                partitions.size() + 1, next, scheme.espSectors(), GPT_EFI_SYSTEM, "ESP", false));
        next += scheme.espSectors();
      }
      rootStart = next;
      long lastUsable = sectors - GPT_BACKUP_SECTORS - 1;
      rootEnd = rootStart + Math.floorDiv(lastUsable + 1 - rootStart, ALIGNMENT) * ALIGNMENT;
    }
    if (rootEnd - rootStart < ALIGNMENT) {
      throw new IllegalArgumentException(
          "a disk of "
              + disk
              + " leaves no room for a root partition after "
              + "the "
              + table.optionValue().toUpperCase()
              + " boot area; make it at least "
              + DataSize.ofBytes(
                  (rootStart + ALIGNMENT + (table == PartitionTableType.GPT ? ALIGNMENT : 0))
                      * SECTOR));
    }
    boolean mbr = table == PartitionTableType.MBR;
    partitions.add(
        new Partition(
            partitions.size() + 1, rootStart, rootEnd - rootStart, scheme.rootType(), "root", mbr));
    return new DiskLayout(table, sectors, partitions, coreStart, coreCapacity, scheme.boot());
  }

  public Partition root() {
    return partitions.get(partitions.size() - 1);
  }

  public Optional<Partition> biosBoot() {
    return partitions.stream().filter(p -> p.type().equals(GPT_BIOS_BOOT)).findFirst();
  }

  /** The EFI system partition, on UEFI and hybrid disks. */
  public Optional<Partition> esp() {
    return partitions.stream().filter(p -> p.type().equals(GPT_EFI_SYSTEM)).findFirst();
  }
}
