package org.osbuildj.core.assemblers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.osbuildj.core.disk.BootMode;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.disk.DiskArchitecture;
import org.osbuildj.core.disk.ImageFormat;
import org.osbuildj.core.disk.PartitionTableType;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.AssemblerSource;

/**
 * Typed helpers for the built-in assemblers. Like {@code Stages}, they only produce a name and JSON
 * options, so an assembler made here equals the same one read from a manifest:
 *
 * <pre>{@code
 * Pipeline os = Pipeline.builder()
 *     .stage(Stages.hostname("demo"))
 *     .assembler(Assemblers.tar("root.tar.zst").compression(TarCompression.ZSTD))
 *     .build();
 *
 * Assembler disk = Assemblers.qcow2("disk.qcow2").rootFsUuid(uuid).size(DataSize.ofGiB(2)).toAssembler();
 * Assembler fitted = Assemblers.qcow2("disk.qcow2").rootFsUuid(uuid).toAssembler(); // sized from the tree
 * }</pre>
 */
public final class Assemblers {
  private Assemblers() {}

  /** {@code org.osbuild.noop}: writes no files. */
  public static Assembler noop() {
    return Assembler.of(NoopAssembler.NAME);
  }

  /** {@code org.osbuild.tar} writing {@code filename}, uncompressed unless told otherwise. */
  public static Tar tar(String filename) {
    return new Tar(Objects.requireNonNull(filename, "filename"), TarCompression.NONE);
  }

  /**
   * The options of a tar assembler, as an immutable value. Uncompressed is the default and is left
   * out of the options, so {@code tar("a.tar")} and {@code tar("a.tar").compression(NONE)} are the
   * same assembler with the same id.
   */
  public record Tar(String filename, TarCompression compression) implements AssemblerSource {
    public Tar {
      Objects.requireNonNull(filename, "filename");
      Objects.requireNonNull(compression, "compression");
    }

    public Tar compression(TarCompression newCompression) {
      return new Tar(filename, newCompression);
    }

    /**
     * The compression by its option value: {@code "none"}, {@code "gzip"}, {@code "xz"}, {@code
     * "zstd"}, or the osbuild seed's {@code "bzip2"}, {@code "lzip"}, {@code "lzma"} and {@code
     * "lzop"}.
     */
    public Tar compression(String optionValue) {
      return compression(TarCompression.fromOptionValue(optionValue));
    }

    @Override
    public Assembler toAssembler() {
      var options = Json.object().put("filename", filename);
      if (compression != TarCompression.NONE) {
        options.put("compression", compression.optionValue());
      }
      return Assembler.of(TarAssembler.NAME, options);
    }
  }

  /**
   * {@code org.osbuild.qcow2} writing {@code filename}: a qcow2 disk that boots with BIOS from an
   * MBR unless told otherwise, sized from the tree unless given a size. A root filesystem UUID is
   * required before {@link Qcow2#toAssembler()}.
   */
  public static Qcow2 qcow2(String filename) {
    return new Qcow2(
        Objects.requireNonNull(filename, "filename"),
        null,
        null,
        ImageFormat.QCOW2,
        null,
        BootMode.BIOS,
        Esp.DEFAULT,
        DiskArchitecture.AMD64);
  }

  /** {@code org.osbuild.rawfs} writing {@code filename}: a bare ext4 filesystem of the tree. */
  public static Rawfs rawfs(String filename, UUID rootFsUuid, DataSize size) {
    return new Rawfs(filename, rootFsUuid, size);
  }

  /**
   * The options of a disk image assembler, as an immutable value. Defaults (qcow2, BIOS, the table
   * the boot mode defaults to, the ESP's defaults) are left out of the options, so that spelling
   * them out does not change the assembler's id. The size is written in bytes, as osbuild writes
   * it; without one (a null {@code size}) the assembler sizes the disk from the tree (see {@link
   * org.osbuildj.core.disk.TreeSizedDisk}).
   *
   * <pre>{@code
   * Assemblers.qcow2("uefi.qcow2").rootFsUuid(uuid).boot(BootMode.UEFI).espSerial("7A3E-01B2")
   * }</pre>
   *
   * @param partitionTable the table, or null for the boot mode's default (MBR for BIOS, GPT else)
   */
  public record Qcow2(
      String filename,
      UUID rootFsUuid,
      DataSize size,
      ImageFormat format,
      PartitionTableType partitionTable,
      BootMode boot,
      Esp esp,
      DiskArchitecture architecture)
      implements AssemblerSource {
    public Qcow2 {
      Objects.requireNonNull(filename, "filename");
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(boot, "boot");
      Objects.requireNonNull(esp, "esp");
      Objects.requireNonNull(architecture, "architecture");
    }

    public Qcow2 rootFsUuid(UUID uuid) {
      return new Qcow2(
          filename,
          Objects.requireNonNull(uuid, "uuid"),
          size,
          format,
          partitionTable,
          boot,
          esp,
          architecture);
    }

    public Qcow2 size(DataSize newSize) {
      return new Qcow2(
          filename,
          rootFsUuid,
          Objects.requireNonNull(newSize, "size"),
          format,
          partitionTable,
          boot,
          esp,
          architecture);
    }

    /** No size: the assembler sizes the disk from the tree, as the osbuild seed did. */
    public Qcow2 sizedFromTree() {
      return new Qcow2(filename, rootFsUuid, null, format, partitionTable, boot, esp, architecture);
    }

    public Qcow2 format(ImageFormat newFormat) {
      return new Qcow2(
          filename, rootFsUuid, size, newFormat, partitionTable, boot, esp, architecture);
    }

    public Qcow2 partitionTable(PartitionTableType table) {
      return new Qcow2(
          filename,
          rootFsUuid,
          size,
          format,
          Objects.requireNonNull(table, "table"),
          boot,
          esp,
          architecture);
    }

    /** The firmware the disk boots with: BIOS (the default), UEFI, or both (hybrid). */
    public Qcow2 boot(BootMode mode) {
      return new Qcow2(
          filename,
          rootFsUuid,
          size,
          format,
          partitionTable,
          Objects.requireNonNull(mode),
          esp,
          architecture);
    }

    /** The EFI system partition's size, a whole number of MiB (UEFI and hybrid disks). */
    public Qcow2 espSize(DataSize espSize) {
      return withEsp(
          new Esp(
              Objects.requireNonNull(espSize), esp.label, esp.serial, esp.files, esp.secureBoot));
    }

    /** The ESP's FAT label (UEFI and hybrid disks). */
    public Qcow2 espLabel(String label) {
      return withEsp(
          new Esp(esp.size, Objects.requireNonNull(label), esp.serial, esp.files, esp.secureBoot));
    }

    /** The ESP's FAT serial, {@code XXXX-XXXX}, as the tree's fstab names it. */
    public Qcow2 espSerial(String serial) {
      return withEsp(
          new Esp(esp.size, esp.label, Objects.requireNonNull(serial), esp.files, esp.secureBoot));
    }

    /** Also copies the tree's {@code treePath} into the ESP at {@code espPath}. */
    public Qcow2 espFile(String treePath, String espPath) {
      Map<String, String> files = new LinkedHashMap<>(esp.files);
      files.put(Objects.requireNonNull(espPath), Objects.requireNonNull(treePath));
      return withEsp(new Esp(esp.size, esp.label, esp.serial, files, esp.secureBoot));
    }

    /**
     * Secure Boot through Debian's signed shim and GRUB, taken from the tree (UEFI and hybrid
     * disks; the tree needs shim-signed and grub-efi-amd64-signed).
     */
    public Qcow2 secureBoot(boolean enabled) {
      return withEsp(new Esp(esp.size, esp.label, esp.serial, esp.files, enabled));
    }

    /**
     * The machine the disk is for: amd64 (the default) or arm64, whose disk boots with UEFI only
     * (its GRUB modules are fetched from the tree's Debian release when the build root lacks them).
     */
    public Qcow2 architecture(DiskArchitecture newArchitecture) {
      return new Qcow2(
          filename,
          rootFsUuid,
          size,
          format,
          partitionTable,
          boot,
          esp,
          Objects.requireNonNull(newArchitecture, "architecture"));
    }

    private Qcow2 withEsp(Esp newEsp) {
      return new Qcow2(
          filename, rootFsUuid, size, format, partitionTable, boot, newEsp, architecture);
    }

    /**
     * @throws IllegalStateException if the root filesystem UUID is missing, or ESP options are
     *     given for a BIOS disk
     */
    @Override
    public Assembler toAssembler() {
      if (rootFsUuid == null) {
        throw new IllegalStateException(
            "the qcow2 assembler for " + filename + " needs a root filesystem UUID");
      }
      if (!architecture.boots(boot)) {
        throw new IllegalStateException(
            "the qcow2 assembler for "
                + filename
                + " makes an "
                + architecture.optionValue()
                + " disk, which boots with UEFI only, not "
                + boot.optionValue());
      }
      if (!boot.bootsWithUefi() && !esp.equals(Esp.DEFAULT)) {
        throw new IllegalStateException(
            "the qcow2 assembler for " + filename + " boots with BIOS: it has no ESP to set up");
      }
      ObjectNode options =
          Json.object().put("filename", filename).put("root_fs_uuid", rootFsUuid.toString());
      if (size != null) {
        options.put("size", size.bytes());
      }
      if (format != ImageFormat.QCOW2) {
        options.put("format", format.optionValue());
      }
      PartitionTableType defaultTable =
          boot.bootsWithUefi() ? PartitionTableType.GPT : PartitionTableType.MBR;
      if (partitionTable != null && partitionTable != defaultTable) {
        options.put("partition_table", partitionTable.optionValue());
      }
      if (boot != BootMode.BIOS) {
        options.put("boot", boot.optionValue());
      }
      if (architecture != DiskArchitecture.AMD64) {
        options.put("architecture", architecture.optionValue());
      }
      if (esp.size != null) {
        options.put("esp_size", esp.size.bytes());
      }
      if (esp.label != null) {
        options.put("esp_label", esp.label);
      }
      if (esp.serial != null) {
        options.put("esp_serial", esp.serial);
      }
      if (esp.secureBoot) {
        options.put("secure_boot", true);
      }
      if (!esp.files.isEmpty()) {
        ArrayNode files = options.putArray("esp_files");
        esp.files.forEach(
            (espPath, treePath) ->
                files.addObject().put("tree_path", treePath).put("esp_path", espPath));
      }
      return Assembler.of(Qcow2Assembler.NAME, options);
    }
  }

  /**
   * The EFI system partition's options; null fields are the assembler's defaults.
   *
   * @param files ESP path to tree path, in order
   * @param secureBoot whether the loader is Debian's signed shim and GRUB from the tree
   */
  public record Esp(
      DataSize size, String label, String serial, Map<String, String> files, boolean secureBoot) {
    static final Esp DEFAULT = new Esp(null, null, null, Map.of(), false);

    public Esp {
      files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }
  }

  /**
   * The options of a bare filesystem assembler, as an immutable value; the size is written in
   * bytes.
   */
  public record Rawfs(String filename, UUID rootFsUuid, DataSize size) implements AssemblerSource {
    public Rawfs {
      Objects.requireNonNull(filename, "filename");
      Objects.requireNonNull(rootFsUuid, "rootFsUuid");
      Objects.requireNonNull(size, "size");
    }

    @Override
    public Assembler toAssembler() {
      return Assembler.of(
          RawfsAssembler.NAME,
          Json.object()
              .put("filename", filename)
              .put("root_fs_uuid", rootFsUuid.toString())
              .put("size", size.bytes()));
    }
  }
}
