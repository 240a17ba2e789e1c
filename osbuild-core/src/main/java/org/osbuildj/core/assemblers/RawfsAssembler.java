package org.osbuildj.core.assemblers;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.disk.Ext4Sizing.TreeUsage;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.AssemblerContext;

/**
 * {@code org.osbuild.rawfs}: the tree as a bare ext4 filesystem image with the given UUID, with no
 * partition table and no boot loader: for a second disk, a container host's root, or a tool that
 * partitions itself. The file is sparse; its length is {@code size} rounded down to whole 4 KiB
 * blocks. Made as {@link Qcow2Assembler} makes its root partition, so just as reproducible.
 */
public final class RawfsAssembler extends NativeAssembler {
  public static final String NAME = "org.osbuild.rawfs";

  public RawfsAssembler() {
    super(NAME);
  }

  @Override
  public List<HostTool> requiredTools(Options options) {
    return RootFilesystem.TOOLS;
  }

  @Override
  public void assemble(AssemblerContext context) throws Exception {
    String filename = OutputNames.checked(NAME, context.options().string("filename"));
    UUID uuid = UUID.fromString(context.options().string("root_fs_uuid"));
    DataSize size = DataSize.fromJson(context.options().get("size").orElseThrow());
    long fsBytes = size.bytes() / 4096 * 4096;
    if (fsBytes == 0) {
      throw new IllegalArgumentException(
          "the " + NAME + " size " + size + " is less than one 4 KiB block");
    }
    BuildRootTools.require(context.sandbox(), NAME, requiredTools(context.options()));
    try (ScratchDirectory scratch = ScratchDirectory.create(context, ".osbuild-rawfs")) {
      RootFilesystem filesystem = new RootFilesystem(context, uuid, scratch);
      TreeUsage usage = filesystem.checkFits(fsBytes, size, 0);
      Path image = context.outputDirectory().resolve(filename);
      try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
        file.setLength(fsBytes);
      }
      context.log("writing the tree as ext4 " + uuid + " into " + filename);
      filesystem.write(
          context.sandbox().outputInRoot().orElseThrow() + "/" + filename,
          0,
          fsBytes,
          usage,
          size,
          0);
    }
  }
}
