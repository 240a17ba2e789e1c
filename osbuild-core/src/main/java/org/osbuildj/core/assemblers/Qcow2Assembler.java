package org.osbuildj.core.assemblers;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osbuildj.core.debian.DebianMirror;
import org.osbuildj.core.debian.GrubPlatformFiles;
import org.osbuildj.core.disk.BootMode;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.disk.DiskArchitecture;
import org.osbuildj.core.disk.DiskIdentity;
import org.osbuildj.core.disk.DiskLayout;
import org.osbuildj.core.disk.EfiTarget;
import org.osbuildj.core.disk.Ext4Sizing.TreeUsage;
import org.osbuildj.core.disk.ImageFormat;
import org.osbuildj.core.disk.Partition;
import org.osbuildj.core.disk.PartitionScheme;
import org.osbuildj.core.disk.PartitionTableType;
import org.osbuildj.core.disk.SfdiskScript;
import org.osbuildj.core.disk.TreeSizedDisk;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.AssemblerContext;

/**
 * {@code org.osbuild.qcow2}: a bootable disk image of the tree: a partition table (MBR by default,
 * or GPT), one ext4 root partition with the given UUID holding the tree, and GRUB, which finds the
 * root by UUID and runs the tree's {@code /boot/grub/grub.cfg}. The tree provides grub.cfg, kernel
 * and initrd; this assembler provides the boot loader.
 *
 * <p>{@code boot} says for which firmware: {@code bios} (the default) writes GRUB's boot sector and
 * core image; {@code uefi} makes a GPT whose EFI system partition holds GRUB's EFI loader at the
 * removable-media fallback path, so that firmware boots it with no NVRAM entry ({@link
 * EfiSystemPartition}); {@code hybrid} does both on one GPT disk.
 *
 * <p>Without a {@code size}, as in the osbuild seed, the disk is sized from the tree: what the tree
 * needs in ext4 with a fifth more free, at least 64 MiB, and the partition table's room (see {@link
 * TreeSizedDisk}); the same tree gives the same size.
 *
 * <p>Nothing is mounted and no loop device is used: sfdisk writes the table into a sparse file,
 * mke2fs copies the tree into it at the root partition's offset, GRUB's images are written at their
 * sectors from Java, and {@code qemu-img convert} makes the requested format. Every command runs in
 * the build root, which needs fdisk, e2fsprogs, grub-pc-bin (BIOS), grub-efi-amd64-bin, dosfstools
 * and mtools (UEFI) and, for formats other than raw, qemu-utils.
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
    BootMode boot = bootMode(options);
    EfiTarget target = efiTarget(options);
    PartitionScheme scheme = partitionScheme(options, target);
    Optional<EfiSystemPartition> esp =
        boot.bootsWithUefi()
            ? Optional.of(EfiSystemPartition.fromOptions(options, uuid))
            : Optional.empty();
    PartitionTableType table = scheme.table();
    // A size that gives no layout is refused before anything runs.
    Optional<DiskLayout> givenLayout = givenSize.map(size -> DiskLayout.plan(scheme, size));
    Sandbox sandbox = context.sandbox();
    BuildRootTools.require(sandbox, NAME, requiredTools(options));
    if (target.equals(EfiTarget.ARM64)) {
      target = target.withGrubModuleDirectory(arm64GrubModules(context));
    }

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
        TreeSizedDisk sized = TreeSizedDisk.plan(scheme, usage);
        context.log("sizing the disk from the tree: " + sized.describe());
        size = sized.disk();
        layout = DiskLayout.plan(scheme, size);
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
      context.log(
          "partitioning "
              + size
              + " ("
              + table.optionValue()
              + ", boot "
              + boot.optionValue()
              + ")");
      sandbox
          .exec(
              Command.of("sfdisk", "--quiet", "--no-reread", "--no-tell-kernel", rawInRoot)
                  .withStdin(SfdiskScript.render(layout, new DiskIdentity(uuid))))
          .orThrow();
      context.log("writing the tree as ext4 " + uuid + " into partition " + root.number());
      filesystem.write(rawInRoot, root.startBytes(), root.sizeBytes(), usage, size, spare);
      if (boot.bootsWithBios()) {
        context.log("installing GRUB for BIOS");
        GrubBiosBootLoader.install(sandbox, layout, uuid, raw, scratch);
      }
      if (esp.isPresent()) {
        esp.get().write(context, target, uuid, scratch, layout.esp().orElseThrow(), raw);
      }
      if (format != ImageFormat.RAW) {
        context.log("converting to " + format.optionValue());
        sandbox
            .exec(Command.of(convertArguments(format, rawInRoot, outputInRoot + "/" + filename)))
            .orThrow();
      }
    }
  }

  /** {@code boot}, BIOS when absent. */
  static BootMode bootMode(Options options) {
    return BootMode.fromOptionValue(options.string("boot", BootMode.BIOS.optionValue()));
  }

  /** The architecture a UEFI disk is made for: {@code architecture}, amd64 when absent. */
  static EfiTarget efiTarget(Options options) {
    return DiskArchitecture.fromOptionValue(
            options.string("architecture", DiskArchitecture.AMD64.optionValue()))
        .efiTarget();
  }

  private static boolean isArm64(Options options) {
    return efiTarget(options).equals(EfiTarget.ARM64);
  }

  /**
   * GRUB's arm64-efi modules: the build root's, else the package of the tree's own Debian release
   * (its os-release's VERSION_CODENAME), downloaded from the host's mirror into the store.
   */
  private static String arm64GrubModules(AssemblerContext context) throws Exception {
    String mirror = DebianMirror.resolve(Optional.empty(), System.getenv(), Path.of("/etc/apt"));
    String suite = TreeRelease.codename(context.tree()).orElse("bookworm");
    context.log("GRUB arm64-efi modules for " + suite + " from " + mirror);
    return GrubPlatformFiles.directory(context.sandbox(), "arm64-efi", mirror, suite);
  }

  @Override
  public boolean needsNetwork(Options options) {
    // Only to download grub-efi-arm64-bin once; kept in the store's cache afterwards.
    return isArm64(options);
  }

  @Override
  public List<String> caches(Options options) {
    return isArm64(options) ? List.of(GrubPlatformFiles.CACHE) : List.of();
  }

  /**
   * The partitions the options ask for; {@code partition_table} defaults to {@code mbr} on BIOS and
   * {@code gpt} on UEFI and hybrid disks, which need it (the schema refuses {@code mbr} there).
   */
  static PartitionScheme partitionScheme(Options options, EfiTarget target) {
    BootMode boot = bootMode(options);
    if (!boot.bootsWithUefi()) {
      return PartitionScheme.bios(
          PartitionTableType.fromOptionValue(options.string("partition_table", "mbr")));
    }
    PartitionTableType table =
        PartitionTableType.fromOptionValue(options.string("partition_table", "gpt"));
    if (table != PartitionTableType.GPT) {
      throw new IllegalArgumentException(
          "partition_table: boot " + boot.optionValue() + " needs gpt, not " + table.optionValue());
    }
    DataSize espSize =
        options.get("esp_size").map(DataSize::fromJson).orElse(PartitionScheme.DEFAULT_ESP_SIZE);
    return PartitionScheme.efi(boot, espSize, target);
  }

  @Override
  public List<HostTool> requiredTools(Options options) {
    List<HostTool> tools = new ArrayList<>(RootFilesystem.TOOLS);
    BootMode boot = bootMode(options);
    tools.add(HostTool.of("sfdisk", "fdisk"));
    tools.add(HostTool.of("grub-mkimage", "grub-common"));
    if (boot.bootsWithBios()) {
      tools.add(HostTool.of(GrubBiosBootLoader.GRUB_LIBDIR + "/boot.img", "grub-pc-bin"));
    }
    if (boot.bootsWithUefi()) {
      EfiTarget target = efiTarget(options);
      if (target.equals(EfiTarget.ARM64)) {
        tools.addAll(GrubPlatformFiles.requiredTools());
      } else {
        tools.add(HostTool.of(target.grubModuleDirectory() + "/kernel.img", target.grubPackage()));
      }
      tools.add(HostTool.of("mkfs.fat", "dosfstools"));
      tools.add(HostTool.of("mmd", "mtools"));
      tools.add(HostTool.of("mcopy", "mtools"));
    }
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
