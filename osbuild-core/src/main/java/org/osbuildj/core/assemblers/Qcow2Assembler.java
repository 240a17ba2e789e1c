package org.osbuildj.core.assemblers;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.disk.DiskIdentity;
import org.osbuildj.core.disk.DiskLayout;
import org.osbuildj.core.disk.Ext4Sizing.TreeUsage;
import org.osbuildj.core.disk.ImageFormat;
import org.osbuildj.core.disk.Partition;
import org.osbuildj.core.disk.PartitionTableType;
import org.osbuildj.core.disk.SfdiskScript;
import org.osbuildj.core.disk.TreeSizedDisk;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.AssemblerContext;

/**
 * {@code org.osbuild.qcow2}: a BIOS-bootable disk image of the tree: a partition table (MBR by
 * default, or GPT), one ext4 root partition with the given UUID holding the tree, and GRUB, which
 * finds the root by UUID and runs the tree's {@code /boot/grub/grub.cfg}. The tree provides
 * grub.cfg, kernel and initrd; this assembler provides the boot loader.
 *
 * <p>Without a {@code size}, as in the osbuild seed, the disk is sized from the tree: what the tree
 * needs in ext4 with a fifth more free, at least 64 MiB, and the partition table's room (see {@link
 * TreeSizedDisk}); the same tree gives the same size.
 *
 * <p>Nothing is mounted and no loop device is used: sfdisk writes the table into a sparse file,
 * mke2fs copies the tree into it at the root partition's offset, GRUB's images are written at their
 * sectors from Java, and {@code qemu-img convert} makes the requested format. Every command runs in
 * the build root, which needs fdisk, e2fsprogs, grub-pc-bin and, for formats other than raw,
 * qemu-utils.
 *
 * <p>The same tree and options give the same raw image, byte for byte, when {@code
 * SOURCE_DATE_EPOCH} is set: see {@link org.osbuildj.core.disk.Ext4Format} and {@link
 * DiskIdentity}.
 */
public final class Qcow2Assembler extends NativeAssembler {
  public static final String NAME = "org.osbuild.qcow2";
  private static final String SCRATCH = ".osbuild-qcow2";

  public Qcow2Assembler() {
    super(NAME);
  }

  @Override
  public void assemble(AssemblerContext context) throws Exception {
    Options options = context.options();
    String filename = OutputNames.checked(NAME, options.string("filename"));
    UUID uuid = UUID.fromString(options.string("root_fs_uuid"));
    Optional<DataSize> givenSize = options.get("size").map(DataSize::fromJson);
    ImageFormat format = ImageFormat.fromOptionValue(options.string("format", "qcow2"));
    PartitionTableType table =
        PartitionTableType.fromOptionValue(options.string("partition_table", "mbr"));
    // A size that gives no layout is refused before anything runs.
    Optional<DiskLayout> givenLayout = givenSize.map(size -> DiskLayout.plan(table, size));
    Sandbox sandbox = context.sandbox();
    BuildRootTools.require(sandbox, NAME, requiredTools(options));

    Path output = context.outputDirectory();
    String outputInRoot = sandbox.outputInRoot().orElseThrow();
    try (ScratchDirectory scratch = ScratchDirectory.create(context, SCRATCH)) {
      RootFilesystem filesystem = new RootFilesystem(context, uuid, scratch);
      DataSize size;
      DiskLayout layout;
      TreeUsage usage;
      if (givenSize.isPresent()) {
        size = givenSize.get();
        layout = givenLayout.orElseThrow();
        usage =
            filesystem.checkFits(
                layout.root().sizeBytes(), size, size.bytes() - layout.root().sizeBytes());
      } else {
        usage = filesystem.measureForSizing();
        TreeSizedDisk sized = TreeSizedDisk.plan(table, usage);
        context.log("sizing the disk from the tree: " + sized.describe());
        size = sized.disk();
        layout = DiskLayout.plan(table, size);
      }
      Partition root = layout.root();
      long spare = size.bytes() - root.sizeBytes();
      Path raw = format == ImageFormat.RAW ? output.resolve(filename) : scratch.file("disk.raw");
      String rawInRoot =
          format == ImageFormat.RAW
              ? outputInRoot + "/" + filename
              : scratch.fileInRoot("disk.raw");
      try (RandomAccessFile file = new RandomAccessFile(raw.toFile(), "rw")) {
        file.setLength(size.bytes());
      }
      context.log("partitioning " + size + " (" + table.optionValue() + ")");
      sandbox
          .exec(
              Command.of("sfdisk", "--quiet", "--no-reread", "--no-tell-kernel", rawInRoot)
                  .withStdin(SfdiskScript.render(layout, new DiskIdentity(uuid))))
          .orThrow();
      context.log("writing the tree as ext4 " + uuid + " into partition " + root.number());
      filesystem.write(rawInRoot, root.startBytes(), root.sizeBytes(), usage, size, spare);
      context.log("installing GRUB for BIOS");
      GrubBiosBootLoader.install(sandbox, layout, uuid, raw, scratch);
      if (format != ImageFormat.RAW) {
        context.log("converting to " + format.optionValue());
        sandbox
            .exec(Command.of(convertArguments(format, rawInRoot, outputInRoot + "/" + filename)))
            .orThrow();
      }
    }
  }

  @Override
  public List<HostTool> requiredTools(Options options) {
    List<HostTool> tools = new ArrayList<>(RootFilesystem.TOOLS);
    tools.add(HostTool.of("sfdisk", "fdisk"));
    tools.add(HostTool.of("grub-mkimage", "grub-common"));
    tools.add(HostTool.of(GrubBiosBootLoader.GRUB_LIBDIR + "/boot.img", "grub-pc-bin"));
    if (ImageFormat.fromOptionValue(options.string("format", "qcow2")) != ImageFormat.RAW) {
      tools.add(HostTool.of("qemu-img", "qemu-utils"));
    }
    return tools;
  }

  /** qemu-img's command line for a conversion; package-private so tests can read it. */
  static List<String> convertArguments(ImageFormat format, String raw, String target) {
    List<String> argv =
        new ArrayList<>(List.of("qemu-img", "convert", "-f", "raw", "-O", format.optionValue()));
    format
        .convertOptions()
        .ifPresent(
            o -> {
              argv.add("-o");
              argv.add(o);
            });
    argv.add(raw);
    argv.add(target);
    return argv;
  }
}
