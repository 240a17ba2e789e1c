package org.osbuildj.core.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class GrubBiosImagesTest {

  /**
   * A boot sector with GRUB 2's defaults where grub-bios-setup looks, and recognisable bytes
   * elsewhere.
   */
  private static byte[] bootImg() {
    byte[] boot = new byte[512];
    Arrays.fill(boot, (byte) 0x11);
    ByteBuffer b = ByteBuffer.wrap(boot).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0x5c, 1);
    b.put(0x66, (byte) 0xeb).put(0x67, (byte) 0x05);
    b.put(510, (byte) 0x55).put(511, (byte) 0xaa);
    return boot;
  }

  /**
   * A core image of three sectors whose diskboot blocklist is grub-mkimage's: start 2, length 2,
   * segment 0x820.
   */
  private static byte[] coreImg(int length) {
    byte[] core = new byte[length];
    Arrays.fill(core, (byte) 0x22);
    ByteBuffer c = ByteBuffer.wrap(core).order(ByteOrder.LITTLE_ENDIAN);
    c.putLong(0x1f4, 2)
        .putShort(0x1fc, (short) (GrubBiosImages.sectors(core) - 1))
        .putShort(0x1fe, (short) 0x820);
    return core;
  }

  @Test
  void theMbrCodeIsBootImgUpToTheDiskSignatureToldWhereTheCoreImageStarts() {
    byte[] boot = bootImg();

    byte[] mbr = GrubBiosImages.mbrCode(boot, 2048);

    assertThat(mbr).hasSize(440);
    assertThat(ByteBuffer.wrap(mbr).order(ByteOrder.LITTLE_ENDIAN).getLong(0x5c)).isEqualTo(2048);
    assertThat(Arrays.copyOfRange(mbr, 0, 0x5c)).isEqualTo(Arrays.copyOfRange(boot, 0, 0x5c));
    assertThat(Arrays.copyOfRange(mbr, 0x68, 440)).isEqualTo(Arrays.copyOfRange(boot, 0x68, 440));
    assertThat(boot[0x5c]).as("the caller's array is left alone").isEqualTo((byte) 1);
  }

  @Test
  void theBootDriveCheckJumpBecomesTwoNopsAsOnEveryHardDisk() {
    byte[] mbr = GrubBiosImages.mbrCode(bootImg(), 1);

    assertThat(mbr[0x66]).isEqualTo((byte) 0x90);
    assertThat(mbr[0x67]).isEqualTo((byte) 0x90);
  }

  @Test
  void aBootSectorWithoutGrubsLayoutIsRefused() {
    byte[] noSignature = bootImg();
    noSignature[511] = 0;
    byte[] otherKernelSector = bootImg();
    otherKernelSector[0x5c] = 7;

    assertThatThrownBy(() -> GrubBiosImages.mbrCode(noSignature, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("55 aa");
    assertThatThrownBy(() -> GrubBiosImages.mbrCode(otherKernelSector, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layout");
    assertThatThrownBy(() -> GrubBiosImages.mbrCode(new byte[440], 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCoreImagesBlocklistPointsAtTheSectorAfterItsFirst() {
    byte[] core = coreImg(1200);

    byte[] placed = GrubBiosImages.coreImage(core, 2048);

    ByteBuffer p = ByteBuffer.wrap(placed).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(p.getLong(0x1f4)).isEqualTo(2049);
    assertThat(p.getShort(0x1fc)).isEqualTo((short) 2);
    assertThat(placed).hasSize(1200);
    assertThat(Arrays.copyOfRange(placed, 512, 1200))
        .isEqualTo(Arrays.copyOfRange(core, 512, 1200));
  }

  @Test
  void atSectorOneTheCoreImageIsExactlyWhatGrubMkimageMade() {
    byte[] core = coreImg(2048);

    assertThat(GrubBiosImages.coreImage(core, 1)).isEqualTo(core);
  }

  @Test
  void aCoreImageWhoseBlocklistDoesNotMatchItsLengthIsRefused() {
    byte[] core = coreImg(1200);
    ByteBuffer.wrap(core).order(ByteOrder.LITTLE_ENDIAN).putShort(0x1fc, (short) 9);

    assertThatThrownBy(() -> GrubBiosImages.coreImage(core, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blocklist");
    assertThatThrownBy(() -> GrubBiosImages.coreImage(new byte[512], 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theInstalledGrubsBootImgHasTheLayoutThisCodeExpects() throws Exception {
    Path boot = Path.of("/usr/lib/grub/i386-pc/boot.img");
    Assumptions.assumeTrue(
        Files.exists(boot), "skipped: " + boot + " is missing (Debian package grub-pc-bin)");

    byte[] mbr = GrubBiosImages.mbrCode(Files.readAllBytes(boot), 2048);

    assertThat(ByteBuffer.wrap(mbr).order(ByteOrder.LITTLE_ENDIAN).getLong(0x5c)).isEqualTo(2048);
  }
}
