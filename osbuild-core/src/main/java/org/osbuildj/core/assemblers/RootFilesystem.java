package org.osbuildj.core.assemblers;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.disk.Ext4Format;
import org.osbuildj.core.disk.Ext4Sizing;
import org.osbuildj.core.disk.Ext4Sizing.TreeUsage;
import org.osbuildj.core.disk.Ext4Timestamps;
import org.osbuildj.core.disk.TreeListing;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.isolation.CommandFailedException;
import org.osbuildj.core.isolation.ExecResult;
import org.osbuildj.core.spi.AssemblerContext;

/**
 * Writes the tree as an ext4 filesystem into an image file, at an offset, after checking that it
 * fits: the part the disk and the bare filesystem assemblers share.
 */
final class RootFilesystem {
  private static final String LISTING = "tree-listing";

  /** What measuring the tree, making the filesystem and fixing its times run. */
  static final List<HostTool> TOOLS =
      List.of(
          HostTool.of("du", "coreutils"),
          HostTool.of("find", "findutils"),
          HostTool.of("mke2fs", "e2fsprogs"),
          HostTool.of("debugfs", "e2fsprogs"),
          HostTool.of("dumpe2fs", "e2fsprogs"));

  private final AssemblerContext context;
  private final UUID uuid;
  private final ScratchDirectory scratch;
  private boolean sizedFromTree;

  RootFilesystem(AssemblerContext context, UUID uuid, ScratchDirectory scratch) {
    this.context = context;
    this.uuid = uuid;
    this.scratch = scratch;
  }

  /**
   * Measures the tree in the build root and refuses a filesystem it would not fit.
   *
   * @param sizeOption the image size as the user gave it, for the message
   * @param spareBytes what the image needs besides the filesystem (partition table, boot loader)
   */
  TreeUsage checkFits(long fsBytes, DataSize sizeOption, long spareBytes) throws Exception {
    ExecResult measured =
        context.sandbox().exec(Ext4Format.measure(context.sandbox().treeInRoot())).orThrow();
    TreeUsage usage = Ext4Format.parseUsage(measured.outputTail());
    context.log(
        "the tree holds "
            + DataSize.ofBytes(usage.bytes()).mebibytesRoundedUp()
            + " MiB in "
            + usage.inodes()
            + " inodes");
    if (!Ext4Sizing.fits(usage, fsBytes)) {
      throw tooSmall(usage, sizeOption, spareBytes, null);
    }
    return usage;
  }

  /**
   * What the tree needs in ext4, computed from its entries ({@link TreeListing}) rather than from
   * what {@code du} says its current filesystem allocates, so that a disk sized from it is the same
   * for the same tree wherever it is stored. A later failure for want of space is then reported as
   * the estimate's.
   */
  TreeUsage measureForSizing() throws Exception {
    context
        .sandbox()
        .exec(TreeListing.command(context.sandbox().treeInRoot(), scratch.fileInRoot(LISTING)))
        .orThrow();
    TreeUsage usage;
    try (InputStream listing = Files.newInputStream(scratch.file(LISTING))) {
      usage = TreeListing.usage(listing);
    } finally {
      Files.deleteIfExists(scratch.file(LISTING));
    }
    sizedFromTree = true;
    context.log(
        "the tree needs "
            + DataSize.ofBytes(usage.bytes()).mebibytesRoundedUp()
            + " MiB in ext4 and "
            + usage.inodes()
            + " inodes");
    return usage;
  }

  /**
   * Runs mke2fs, then, with {@code SOURCE_DATE_EPOCH}, fixes the times it copied from the tree; a
   * failure for want of space is reported as the size being too small.
   */
  void write(
      String imageInRoot,
      long offsetBytes,
      long fsBytes,
      TreeUsage usage,
      DataSize sizeOption,
      long spareBytes)
      throws Exception {
    ExecResult result =
        context
            .sandbox()
            .exec(
                Ext4Format.mkfs(
                    uuid,
                    context.sandbox().treeInRoot(),
                    imageInRoot,
                    offsetBytes,
                    fsBytes,
                    context.sourceDateEpoch()));
    if (!result.succeeded()) {
      String output = String.join("\n", result.outputTail());
      if (output.contains("Could not allocate")
          || output.contains("No space left")
          || output.contains("too small")) {
        throw tooSmall(usage, sizeOption, spareBytes, new CommandFailedException(result));
      }
      result.orThrow();
    }
    if (context.sourceDateEpoch().isPresent()) {
      fixTimes(
          offsetBytes == 0 ? imageInRoot : imageInRoot + "?offset=" + offsetBytes,
          context.sourceDateEpoch().get());
    }
  }

  private void fixTimes(String filesystem, Instant epoch) throws Exception {
    long lastInode =
        Ext4Timestamps.parseInodeUsage(
            context.sandbox().exec(Ext4Timestamps.measure(filesystem)).orThrow().outputTail());
    Files.writeString(
        scratch.file("debugfs-times"), Ext4Timestamps.inodeCommands(lastInode, epoch));
    context.log(
        "setting access and change times of "
            + lastInode
            + " inodes to SOURCE_DATE_EPOCH, clamping later "
            + "modification times");
    context
        .sandbox()
        .exec(
            Ext4Timestamps.apply(
                context.sandbox().treeInRoot(),
                scratch.fileInRoot("debugfs-times"),
                filesystem,
                epoch))
        .orThrow();
  }

  private ImageTooSmallException tooSmall(
      TreeUsage usage, DataSize sizeOption, long spareBytes, Throwable cause) {
    DataSize needed = Ext4Sizing.minimumFor(usage).plus(DataSize.ofBytes(spareBytes));
    DataSize neededMiB = DataSize.ofMiB(needed.mebibytesRoundedUp());
    if (sizedFromTree) {
      return new ImageTooSmallException(
          "the tree does not fit in the size computed from it, "
              + sizeOption
              + " ("
              + sizeOption.bytes()
              + " bytes), although it leaves room to spare: the estimate of what the tree needs"
              + " in ext4 fell short; give the size explicitly",
          neededMiB,
          cause);
    }
    return new ImageTooSmallException(
        "the tree does not fit in size "
            + sizeOption
            + " ("
            + sizeOption.bytes()
            + " bytes): it holds "
            + DataSize.ofBytes(usage.bytes()).mebibytesRoundedUp()
            + " MiB in "
            + usage.inodes()
            + " inodes, which needs an image of at least "
            + neededMiB.mebibytesRoundedUp()
            + " MiB (size \""
            + neededMiB
            + "\") with ext4's own metadata; leave room to spare for a system that writes",
        neededMiB,
        cause);
  }
}
