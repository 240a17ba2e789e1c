package org.osbuildj.core.disk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osbuildj.core.isolation.Command;

/**
 * The commands that make an ext4 filesystem holding a tree, without mounting anything: {@code
 * mke2fs -d} copies the tree into a file, at an offset when the file is a whole disk.
 *
 * <p>Reproducible: the UUID is given, the directory hash seed derived from it, and with {@code
 * SOURCE_DATE_EPOCH} the filesystem's own times (superblock, root and lost+found, every inode's
 * creation time) are that epoch through {@code E2FSPROGS_FAKE_TIME}. e2fsprogs 1.47.0 does not read
 * {@code SOURCE_DATE_EPOCH} itself; files keep the access, change and modification times they have
 * in the tree (whole seconds), so the same tree gives the same bytes.
 */
public final class Ext4Format {
  private Ext4Format() {}

  /**
   * mke2fs writing a filesystem of {@code fsBytes} (rounded down to whole 4 KiB blocks) into {@code
   * image} at {@code offsetBytes}, filled from {@code tree}. The image must exist, be sparse (or
   * zeroed) where the filesystem goes, and be at least that long.
   */
  public static Command mkfs(
      UUID uuid,
      String tree,
      String image,
      long offsetBytes,
      long fsBytes,
      Optional<Instant> sourceDateEpoch) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "mke2fs",
                "-t",
                "ext4",
                "-q",
                "-F",
                // Fixed rather than chosen by size from mke2fs.conf, so that sizing is predictable.
                "-b",
                Long.toString(Ext4Sizing.BLOCK),
                "-I",
                Long.toString(Ext4Sizing.INODE_SIZE),
                "-i",
                Long.toString(Ext4Sizing.BYTES_PER_INODE),
                "-U",
                uuid.toString(),
                // The file is freshly made sparse, so its zeroes need no writing: journal and inode
                // tables
                // stay holes, and the image stays small.
                "-E",
                "hash_seed="
                    + new DiskIdentity(uuid).ext4HashSeed()
                    + ",offset="
                    + offsetBytes
                    + ",assume_storage_prezeroed=1",
                "-d",
                tree,
                image,
                Long.toString(fsBytes / Ext4Sizing.BLOCK)));
    Command command = Command.of(argv);
    if (sourceDateEpoch.isPresent()) {
      command =
          command
              .withEnvironment(
                  "E2FSPROGS_FAKE_TIME", Long.toString(sourceDateEpoch.get().getEpochSecond()))
              .withEnvironment(
                  "SOURCE_DATE_EPOCH", Long.toString(sourceDateEpoch.get().getEpochSecond()));
    }
    return command;
  }

  /** The marker {@link #measure} prints before the tree's bytes and inodes. */
  static final String USAGE_MARKER = "tree-usage:";

  /**
   * Prints the tree's allocated bytes and its number of inodes (hard links counted once), as {@link
   * #parseUsage} reads them.
   */
  public static Command measure(String tree) {
    return Command.of(
        "sh",
        "-c",
        "set -e; b=$(du -s -B1 \"$1\" | cut -f1); i=$(du -s --inodes \"$1\" | cut -f1); "
            + "echo \""
            + USAGE_MARKER
            + " $b $i\"",
        "measure-tree",
        tree);
  }

  /** The usage from {@link #measure}'s output lines. */
  public static Ext4Sizing.TreeUsage parseUsage(List<String> output) {
    for (String line : output) {
      if (line.startsWith(USAGE_MARKER)) {
        String[] fields = line.substring(USAGE_MARKER.length()).trim().split("\\s+");
        return new Ext4Sizing.TreeUsage(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
      }
    }
    throw new IllegalStateException("measuring the tree printed no usage line: " + output);
  }
}
