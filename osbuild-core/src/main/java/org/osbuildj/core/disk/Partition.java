package org.osbuildj.core.disk;

/**
 * One partition of a planned disk, in 512-byte sectors.
 *
 * @param number the partition's number, from 1
 * @param start its first sector
 * @param size its length in sectors
 * @param type the type as sfdisk writes it: an MBR type byte in hex ({@code 83}) or a GPT type GUID
 * @param name the GPT partition name; ignored for MBR
 * @param bootable whether the MBR active flag is set
 */
public record Partition(
    int number, long start, long size, String type, String name, boolean bootable) {
  public Partition {
    if (number < 1 || start < 1 || size < 1) {
      throw new IllegalArgumentException(
          "not a partition: number " + number + ", start " + start + ", size " + size);
    }
  }

  public long startBytes() {
    return start * DiskLayout.SECTOR;
  }

  public long sizeBytes() {
    return size * DiskLayout.SECTOR;
  }

  /** The sector after the last one. */
  public long end() {
    return start + size;
  }
}
