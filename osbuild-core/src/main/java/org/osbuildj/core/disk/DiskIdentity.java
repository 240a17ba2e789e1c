package org.osbuildj.core.disk;

import java.util.UUID;

/**
 * The identifiers a partition table carries, all derived from the root filesystem's UUID so that
 * the same options always give the same table.
 */
public record DiskIdentity(UUID rootFsUuid) {

  /**
   * The MBR disk signature (bytes 440-443), never zero: Windows and some tools treat 0 as unset.
   */
  public long mbrDiskId() {
    long id = NameBasedUuid.v5(rootFsUuid, "mbr-disk-id").getMostSignificantBits() >>> 32;
    return id == 0 ? 1 : id;
  }

  public UUID gptDiskGuid() {
    return NameBasedUuid.v5(rootFsUuid, "gpt-disk");
  }

  public UUID gptPartitionGuid(int number) {
    return NameBasedUuid.v5(rootFsUuid, "gpt-partition-" + number);
  }

  /**
   * The ext4 directory hash seed: random by default in mke2fs, which would make every image differ.
   */
  public UUID ext4HashSeed() {
    return NameBasedUuid.v5(rootFsUuid, "ext4-hash-seed");
  }

  /**
   * The EFI system partition's FAT volume serial, 32 bits, never zero: what {@code blkid} and
   * {@code /etc/fstab} call its UUID ({@code UUID=1A2B-3C4D}). See {@link EspFormat#serialText}.
   */
  public long espSerial() {
    long serial = NameBasedUuid.v5(rootFsUuid, "esp-serial").getMostSignificantBits() >>> 32;
    return serial == 0 ? 1 : serial;
  }
}
