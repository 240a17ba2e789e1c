package org.osbuildj.core.assemblers;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.disk.DiskIdentity;
import org.osbuildj.core.disk.EfiTarget;
import org.osbuildj.core.disk.EspFormat;
import org.osbuildj.core.disk.Partition;
import org.osbuildj.core.disk.PartitionScheme;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.AssemblerContext;
import org.osbuildj.core.tree.Tree;

/**
 * The EFI system partition of a UEFI or hybrid disk, made without mounting anything: GRUB's EFI
 * loader at the fallback path ({@code /EFI/BOOT/BOOTX64.EFI} on x86-64), and the files {@code
 * esp_files} copies from the tree, in a FAT32 image made by mkfs.fat and filled by mtools, then
 * copied into the disk at the partition's offset, its zero blocks left as holes.
 *
 * @param size the partition's size
 * @param label the FAT volume label
 * @param serial the FAT volume serial, fstab's {@code UUID=XXXX-XXXX}
 * @param files files from the tree: ESP path to tree path, in the manifest's order
 * @param secureBoot whether the loader is Debian's signed chain from the tree (shim, then signed
 *     GRUB, which reads a configuration this class writes) instead of a GRUB image made here
 */
record EfiSystemPartition(
    DataSize size, String label, long serial, Map<String, String> files, boolean secureBoot) {
  static final String DEFAULT_LABEL = "ESP";
  private static final int COPY_CHUNK = 64 * 1024;

  EfiSystemPartition {
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /**
   * The ESP the assembler's options describe: {@code esp_size}, {@code esp_label}, {@code
   * esp_serial} (derived from the root UUID when absent), {@code esp_files}.
   *
   * @throws IllegalArgumentException naming the option that is wrong
   */
  static EfiSystemPartition fromOptions(Options options, UUID rootFsUuid) {
    DataSize size =
        options.get("esp_size").map(DataSize::fromJson).orElse(PartitionScheme.DEFAULT_ESP_SIZE);
    String label = options.string("esp_label", DEFAULT_LABEL);
    long serial =
        options
            .optionalString("esp_serial")
            .map(EspFormat::parseSerial)
            .orElseGet(() -> new DiskIdentity(rootFsUuid).espSerial());
    Map<String, String> files = new LinkedHashMap<>();
    List<String> seen = new ArrayList<>();
    JsonNode list = options.get("esp_files").orElse(null);
    if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        String espPath = list.get(i).get("esp_path").asText();
        String key = espPath.toUpperCase(Locale.ROOT);
        if (seen.contains(key)) {
          throw new IllegalArgumentException(
              "esp_files["
                  + i
                  + "].esp_path: "
                  + espPath
                  + " is named twice (FAT names do not differ by case)");
        }
        seen.add(key);
        files.put(espPath, list.get(i).get("tree_path").asText());
      }
    }
    return new EfiSystemPartition(size, label, serial, files, options.bool("secure_boot", false));
  }

  String serialText() {
    return EspFormat.serialText(serial);
  }

  /**
   * Makes the ESP and writes it into the raw disk {@code image} at {@code partition}.
   *
   * @return the ESP paths written, in order
   */
  List<String> write(
      AssemblerContext context,
      EfiTarget target,
      UUID rootFsUuid,
      ScratchDirectory scratch,
      Partition partition,
      Path image)
      throws Exception {
    Path staging = Files.createDirectory(scratch.file("esp-files"));
    Tree tree = context.tree();
    // ESP path -> file name in the staging directory. esp_files come last: one at the loader's
    // path replaces the loader.
    Map<String, String> staged = new LinkedHashMap<>();
    boolean loaderReplaced =
        files.keySet().stream().anyMatch(p -> p.equalsIgnoreCase(target.fallbackPath()));
    if (secureBoot) {
      stage(tree, target.signedShim(), target.fallbackPath(), "secure_boot", staging, staged);
      stage(
          tree,
          target.signedGrub(),
          "/EFI/BOOT/" + target.signedGrubName(),
          "secure_boot",
          staging,
          staged);
      String name = nextName(staging);
      Files.writeString(staging.resolve(name), signedGrubConfig(rootFsUuid));
      staged.put(EfiTarget.SIGNED_GRUB_CONFIG, name);
      context.log(
          "Secure Boot: the tree's signed shim as "
              + target.fallbackPath()
              + ", its signed GRUB beside it, "
              + EfiTarget.SIGNED_GRUB_CONFIG
              + " finding the root by UUID");
    } else if (!loaderReplaced) {
      long bytes =
          GrubEfiBootLoader.build(context.sandbox(), target, rootFsUuid, scratch, "loader");
      String name = nextName(staging);
      Files.move(scratch.file("loader"), staging.resolve(name));
      staged.put(target.fallbackPath(), name);
      context.log(
          "GRUB for UEFI ("
              + target.grubPlatform()
              + ", "
              + bytes
              + " bytes) as "
              + target.fallbackPath());
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      staged.keySet().removeIf(p -> p.equalsIgnoreCase(file.getKey()));
      stage(tree, file.getValue(), file.getKey(), "esp_files", staging, staged);
    }
    if (context.sourceDateEpoch().isPresent()) {
      FileTime epoch = FileTime.from(context.sourceDateEpoch().get());
      for (String name : staged.values()) {
        Files.setLastModifiedTime(staging.resolve(name), epoch);
      }
    }

    String espImage = scratch.fileInRoot("esp.img");
    context.log(
        "making the EFI system partition: FAT32, "
            + size
            + ", label "
            + label
            + ", serial "
            + serialText());
    context.sandbox().exec(EspFormat.mkfs(espImage, size.bytes(), label, serial)).orThrow();
    List<String> paths = new ArrayList<>(staged.keySet());
    context
        .sandbox()
        .exec(
            EspFormat.makeDirectories(
                espImage, EspFormat.directoriesFor(paths), context.sourceDateEpoch()))
        .orThrow();
    for (Map.Entry<String, String> file : staged.entrySet()) {
      context
          .sandbox()
          .exec(
              EspFormat.copy(
                  espImage,
                  scratch.fileInRoot("esp-files/" + file.getValue()),
                  file.getKey(),
                  context.sourceDateEpoch()))
          .orThrow();
    }
    long written = copySparse(scratch.file("esp.img"), image, partition.startBytes());
    if (written > partition.sizeBytes()) {
      throw new IllegalStateException(
          "the ESP image is " + written + " bytes, longer than its partition");
    }
    Files.delete(scratch.file("esp.img"));
    return paths;
  }

  /** Copies the tree's regular file {@code treePath} into the staging directory. */
  private static void stage(
      Tree tree,
      String treePath,
      String espPath,
      String option,
      Path staging,
      Map<String, String> staged)
      throws IOException {
    if (!tree.isRegularFile(treePath)) {
      throw new IllegalArgumentException(
          option
              + ": the tree has no regular file "
              + treePath
              + " for "
              + espPath
              + (option.equals("secure_boot")
                  ? " (install Debian's shim-signed and grub-efi-amd64-signed, or the"
                      + " architecture's, in the tree)"
                  : ""));
    }
    String name = nextName(staging);
    Files.copy(tree.resolve(treePath), staging.resolve(name));
    staged.put(espPath, name);
  }

  /** A new file name in the staging directory, which only grows: how many files it holds. */
  private static String nextName(Path staging) throws IOException {
    try (var names = Files.list(staging)) {
      return Long.toString(names.count());
    }
  }

  /**
   * What Debian's signed GRUB reads from the ESP: find the root filesystem by UUID and run its
   * {@code /boot/grub/grub.cfg}, as the early config of a GRUB made here does.
   */
  static String signedGrubConfig(UUID rootFsUuid) {
    return GrubBiosBootLoader.earlyConfig(rootFsUuid) + "configfile $prefix/grub.cfg\n";
  }

  /**
   * Copies {@code from} into {@code to} at {@code offset}, skipping blocks of zeroes, which stay
   * holes in a sparse file (a fresh ESP is mostly empty).
   *
   * @return the bytes of {@code from}
   */
  static long copySparse(Path from, Path to, long offset) throws IOException {
    try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.allocate(COPY_CHUNK);
      long position = 0;
      while (true) {
        buffer.clear();
        int n = in.read(buffer, position);
        if (n < 0) {
          return position;
        }
        buffer.flip();
        if (!allZero(buffer)) {
          while (buffer.hasRemaining()) {
            out.write(buffer, offset + position + buffer.position());
          }
        }
        position += n;
      }
    }
  }

  private static boolean allZero(ByteBuffer buffer) {
    for (int i = buffer.position(); i < buffer.limit(); i++) {
      if (buffer.get(i) != 0) {
        return false;
      }
    }
    return true;
  }
}
