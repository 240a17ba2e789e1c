package org.osbuildj.core.assemblers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.UUID;
import org.osbuildj.core.disk.DataSize;
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
   * {@code org.osbuild.qcow2} writing {@code filename}: a qcow2 disk with an MBR unless told
   * otherwise, sized from the tree unless given a size. A root filesystem UUID is required before
   * {@link Qcow2#toAssembler()}.
   */
  public static Qcow2 qcow2(String filename) {
    return new Qcow2(
        Objects.requireNonNull(filename, "filename"),
        null,
        null,
        ImageFormat.QCOW2,
        PartitionTableType.MBR);
  }

  /** {@code org.osbuild.rawfs} writing {@code filename}: a bare ext4 filesystem of the tree. */
  public static Rawfs rawfs(String filename, UUID rootFsUuid, DataSize size) {
    return new Rawfs(filename, rootFsUuid, size);
  }

  /**
   * The options of a disk image assembler, as an immutable value. Defaults (qcow2, MBR) are left
   * out of the options, so that spelling them out does not change the assembler's id. The size is
   * written in bytes, as osbuild writes it; without one (a null {@code size}) the assembler sizes
   * the disk from the tree (see {@link org.osbuildj.core.disk.TreeSizedDisk}).
   */
  public record Qcow2(
      String filename,
      UUID rootFsUuid,
      DataSize size,
      ImageFormat format,
      PartitionTableType partitionTable)
      implements AssemblerSource {
    public Qcow2 {
      Objects.requireNonNull(filename, "filename");
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(partitionTable, "partitionTable");
    }

    public Qcow2 rootFsUuid(UUID uuid) {
      return new Qcow2(
          filename, Objects.requireNonNull(uuid, "uuid"), size, format, partitionTable);
    }

    public Qcow2 size(DataSize newSize) {
      return new Qcow2(
          filename, rootFsUuid, Objects.requireNonNull(newSize, "size"), format, partitionTable);
    }

    /** No size: the assembler sizes the disk from the tree, as the osbuild seed did. */
    public Qcow2 sizedFromTree() {
      return new Qcow2(filename, rootFsUuid, null, format, partitionTable);
    }

    public Qcow2 format(ImageFormat newFormat) {
      return new Qcow2(filename, rootFsUuid, size, newFormat, partitionTable);
    }

    public Qcow2 partitionTable(PartitionTableType table) {
      return new Qcow2(filename, rootFsUuid, size, format, table);
    }

    /**
     * @throws IllegalStateException if the root filesystem UUID is missing
     */
    @Override
    public Assembler toAssembler() {
      if (rootFsUuid == null) {
        throw new IllegalStateException(
            "the qcow2 assembler for " + filename + " needs a root filesystem UUID");
      }
      ObjectNode options =
          Json.object().put("filename", filename).put("root_fs_uuid", rootFsUuid.toString());
      if (size != null) {
        options.put("size", size.bytes());
      }
      if (format != ImageFormat.QCOW2) {
        options.put("format", format.optionValue());
      }
      if (partitionTable != PartitionTableType.MBR) {
        options.put("partition_table", partitionTable.optionValue());
      }
      return Assembler.of(Qcow2Assembler.NAME, options);
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
