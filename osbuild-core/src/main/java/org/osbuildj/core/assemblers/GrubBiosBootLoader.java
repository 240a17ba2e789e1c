package org.osbuildj.core.assemblers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.osbuildj.core.disk.DiskLayout;
import org.osbuildj.core.disk.GrubBiosImages;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.Sandbox;

/**
 * Puts GRUB for BIOS onto a disk image without grub-install (which needs a block device and, here,
 * partition devices the kernel does not make): a core image made by the build root's {@code
 * grub-mkimage}, with the modules to read the root filesystem and run its {@code
 * /boot/grub/grub.cfg} built in, because the tree holds no GRUB modules of its own.
 */
final class GrubBiosBootLoader {
  /** Where the build root keeps GRUB's i386-pc images and modules (Debian package grub-pc-bin). */
  static final String GRUB_LIBDIR = "/usr/lib/grub/i386-pc";

  /**
   * What a Debian grub.cfg uses: disks, both tables, ext4, search, the normal mode that reads
   * grub.cfg, Linux loading with gzip'd files, serial and video terminals, and the small commands
   * update-grub's scripts call. grub-mkimage adds what these depend on.
   */
  static final List<String> MODULES =
      List.of(
          "biosdisk",
          "part_msdos",
          "part_gpt",
          "ext2",
          "search",
          "search_fs_uuid",
          "search_label",
          "search_fs_file",
          "normal",
          "configfile",
          "linux",
          "gzio",
          "echo",
          "test",
          "true",
          "sleep",
          "minicmd",
          "cat",
          "ls",
          "halt",
          "reboot",
          "serial",
          "terminal",
          "loadenv",
          "probe",
          "regexp",
          "all_video",
          "gfxterm",
          "font",
          "keystatus");

  private GrubBiosBootLoader() {}

  /**
   * The configuration built into the core image: find the root filesystem and read its grub.cfg.
   */
  static String earlyConfig(UUID rootFsUuid) {
    return "search --no-floppy --fs-uuid --set=root "
        + rootFsUuid
        + "\n"
        + "set prefix=($root)/boot/grub\n";
  }

  static List<String> mkimageArguments(String coreInRoot, String configInRoot) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "grub-mkimage",
                "-O",
                "i386-pc",
                "-d",
                GRUB_LIBDIR,
                "-o",
                coreInRoot,
                "-c",
                configInRoot,
                "-p",
                "/boot/grub"));
    argv.addAll(MODULES);
    return argv;
  }

  /**
   * Makes the core image in the build root and writes it and the MBR boot code into the raw disk at
   * {@code image}, as the layout places them.
   *
   * @param scratch where GRUB's images are made and copied out of the build root
   */
  static void install(
      Sandbox sandbox, DiskLayout layout, UUID rootFsUuid, Path image, ScratchDirectory scratch)
      throws Exception {
    Files.writeString(scratch.file("grub-early.cfg"), earlyConfig(rootFsUuid));
    sandbox
        .exec(
            Command.of(
                mkimageArguments(
                    scratch.fileInRoot("core.img"), scratch.fileInRoot("grub-early.cfg"))))
        .orThrow();
    sandbox
        .exec(Command.of("cp", GRUB_LIBDIR + "/boot.img", scratch.fileInRoot("boot.img")))
        .orThrow();
    byte[] core = Files.readAllBytes(scratch.file("core.img"));
    byte[] boot = Files.readAllBytes(scratch.file("boot.img"));
    long sectors = GrubBiosImages.sectors(core);
    if (sectors > layout.coreImageCapacity()) {
      throw new IllegalStateException(
          "GRUB's core image fills "
              + sectors
              + " sectors, more than the "
              + layout.coreImageCapacity()
              + " the "
              + layout.table().optionValue()
              + " layout keeps for it");
    }
    writeAt(image, 0, GrubBiosImages.mbrCode(boot, layout.coreImageStart()));
    writeAt(
        image,
        layout.coreImageStart() * DiskLayout.SECTOR,
        GrubBiosImages.coreImage(core, layout.coreImageStart()));
  }

  private static void writeAt(Path image, long position, byte[] bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(image, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer, position + buffer.position());
      }
    }
  }
}
