package org.osbuildj.core.disk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * GRUB's BIOS boot code made ready for one disk, as {@code grub-bios-setup} would leave it: the 440
 * bytes of {@code boot.img} for the MBR, told which sector the core image starts at, and {@code
 * core.img} whose first sector ({@code diskboot.img}) is told where the rest of it lies.
 *
 * <p>The offsets are those of GRUB 2's {@code boot.S} and {@code diskboot.S} for i386-pc, checked
 * against the expected default values before anything is changed, so that a GRUB with another
 * layout is refused instead of giving a disk that silently does not boot.
 */
public final class GrubBiosImages {
  /** The MBR bytes before the disk signature and partition table. */
  public static final int MBR_CODE_LENGTH = 440;

  /** boot.img: the 64-bit LBA of core.img's first sector (GRUB's default: 1). */
  static final int KERNEL_SECTOR = 0x5c;

  /** boot.img: a two-byte jump that skips the check for BIOSes that pass a bad boot drive. */
  static final int DRIVE_CHECK = 0x66;

  /**
   * diskboot.img's last 12 bytes: one blocklist entry of 64-bit LBA, 16-bit length, 16-bit segment.
   */
  static final int BLOCKLIST_START = 0x1f4;

  static final int BLOCKLIST_LENGTH = 0x1fc;
  static final int BLOCKLIST_SEGMENT = 0x1fe;

  /** Where diskboot loads the rest of core.img: 0x8200 as a real-mode segment. */
  static final int KERNEL_SEGMENT = 0x820;

  private static final int SECTOR = DiskLayout.SECTOR;

  private GrubBiosImages() {}

  /**
   * The MBR boot code: {@code boot.img}'s first 440 bytes, loading the core image from {@code
   * coreSector} and, as for every hard disk, trusting the boot drive only if it looks like one.
   */
  public static byte[] mbrCode(byte[] bootImg, long coreSector) {
    if (bootImg.length != SECTOR
        || (bootImg[510] & 0xff) != 0x55
        || (bootImg[511] & 0xff) != 0xaa) {
      throw new IllegalArgumentException("boot.img is not a 512-byte boot sector ending in 55 aa");
    }
    ByteBuffer code = ByteBuffer.wrap(bootImg.clone()).order(ByteOrder.LITTLE_ENDIAN);
    if (code.getLong(KERNEL_SECTOR) != 1 || (code.get(DRIVE_CHECK) & 0xff) != 0xeb) {
      throw new IllegalArgumentException(
          "boot.img does not have GRUB 2's i386-pc layout (kernel sector 1 at 0x5c, "
              + "a jump at 0x66)");
    }
    code.putLong(KERNEL_SECTOR, coreSector);
    // grub-bios-setup replaces this jump with two nops on hard disks, so that a BIOS passing a
    // floppy's drive number is corrected to 0x80.
    code.put(DRIVE_CHECK, (byte) 0x90).put(DRIVE_CHECK + 1, (byte) 0x90);
    byte[] mbr = new byte[MBR_CODE_LENGTH];
    code.get(0, mbr);
    return mbr;
  }

  /** How many sectors a core image fills. */
  public static long sectors(byte[] coreImg) {
    return (coreImg.length + SECTOR - 1) / SECTOR;
  }

  /**
   * {@code core.img} with its blocklist pointing at the sectors after {@code coreSector}, where the
   * rest of it is written contiguously.
   */
  public static byte[] coreImage(byte[] coreImg, long coreSector) {
    if (coreImg.length < 2 * SECTOR) {
      throw new IllegalArgumentException(
          "core.img is too short to be GRUB's: " + coreImg.length + " bytes");
    }
    ByteBuffer core = ByteBuffer.wrap(coreImg.clone()).order(ByteOrder.LITTLE_ENDIAN);
    long rest = sectors(coreImg) - 1;
    if (Short.toUnsignedInt(core.getShort(BLOCKLIST_SEGMENT)) != KERNEL_SEGMENT
        || core.getLong(BLOCKLIST_START) != 2
        || Short.toUnsignedInt(core.getShort(BLOCKLIST_LENGTH)) != rest) {
      throw new IllegalArgumentException(
          "core.img's first sector does not have GRUB 2's diskboot blocklist "
              + "(start 2, length "
              + rest
              + ", segment 0x820 in its last 12 bytes)");
    }
    core.putLong(BLOCKLIST_START, coreSector + 1);
    return core.array();
  }
}
