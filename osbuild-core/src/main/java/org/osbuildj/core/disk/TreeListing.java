package org.osbuildj.core.disk;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.osbuildj.core.disk.Ext4Sizing.TreeUsage;
import org.osbuildj.core.isolation.Command;

/**
 * What a tree needs in an ext4 filesystem made as {@link Ext4Format} makes it, computed from what
 * the tree holds rather than from what its current filesystem allocates: the same files give the
 * same number on ext4, XFS, btrfs or tmpfs, in a tree freshly built or copied out of the store.
 * {@code du} does not: a directory keeps the blocks of entries deleted from it, btrfs inlines and
 * compresses, tmpfs counts pages. A size derived from this number is therefore as reproducible as
 * the tree.
 *
 * <p>{@link #command} has {@code find} write one record per entry into a file, which {@link #usage}
 * reads. The estimate:
 *
 * <ul>
 *   <li>a regular file: its length rounded up to 4 KiB blocks (holes counted as data), counted once
 *       however many hard links it has, plus an extent block per 340 extents of 128 MiB when it has
 *       more than the four an inode holds;
 *   <li>a symbolic link: no block when its target is shorter than 60 bytes (kept in the inode), one
 *       otherwise;
 *   <li>a directory: one block, and, for all directories together, twice the bytes of their entries
 *       (8 bytes and the name rounded up to 4 for each, 24 for {@code .} and {@code ..}), as hashed
 *       directory blocks may be half full;
 *   <li>lost+found, which mke2fs makes: 4 blocks and an inode;
 *   <li>an inode for every entry (hard links once).
 * </ul>
 *
 * Extended attributes are taken to fit in the 256-byte inodes (SELinux labels and ACLs do); the
 * margin of {@link Ext4Sizing} covers the rest.
 */
public final class TreeListing {
  /** One record per entry: type, links, device:inode, length, depth, name, then a NUL. */
  static final String FORMAT = "%y %n %D:%i %s %d %f\\0";

  static final long BLOCK = Ext4Sizing.BLOCK;
  private static final long FAST_SYMLINK_MAX = 59;
  private static final long BLOCKS_PER_EXTENT = 32768;
  private static final long EXTENTS_IN_INODE = 4;
  private static final long EXTENTS_PER_BLOCK = 340;
  private static final long LOST_AND_FOUND_BLOCKS = 4;

  private TreeListing() {}

  /** {@code find} listing {@code tree} into {@code listFile}, both as the build root sees them. */
  public static Command command(String tree, String listFile) {
    return Command.of("find", tree, "-fprintf", listFile, FORMAT);
  }

  /**
   * The usage from {@link #command}'s file.
   *
   * @throws IOException if the listing cannot be read or a record is not one of {@link #command}'s
   */
  public static TreeUsage usage(InputStream listing) throws IOException {
    Set<String> linkedInodes = new HashSet<>();
    long blocks = LOST_AND_FOUND_BLOCKS;
    long inodes = 1;
    long entryBytes = 0;
    InputStream in = new BufferedInputStream(listing);
    ByteArrayOutputStream record = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) != -1) {
      if (b != 0) {
        record.write(b);
        continue;
      }
      Entry entry = Entry.parse(record.toByteArray());
      record.reset();
      if (entry.depth > 0) {
        entryBytes += 8 + (entry.nameBytes + 3) / 4 * 4;
      }
      if (entry.type != 'd' && entry.links > 1 && !linkedInodes.add(entry.inode)) {
        continue;
      }
      inodes++;
      switch (entry.type) {
        case 'f' -> blocks += fileBlocks(entry.length);
        case 'l' -> blocks += entry.length > FAST_SYMLINK_MAX ? 1 : 0;
        case 'd' -> {
          blocks++;
          entryBytes += 24;
        }
        default -> {}
      }
    }
    if (record.size() > 0) {
      throw new IOException("the tree listing ends in an unterminated record");
    }
    blocks += (2 * entryBytes + BLOCK - 1) / BLOCK;
    return new TreeUsage(blocks * BLOCK, inodes);
  }

  /** The blocks a file of this length takes: its data and any extent blocks. */
  static long fileBlocks(long length) {
    long data = (length + BLOCK - 1) / BLOCK;
    long extents = (data + BLOCKS_PER_EXTENT - 1) / BLOCKS_PER_EXTENT;
    long extentBlocks =
        extents > EXTENTS_IN_INODE ? (extents + EXTENTS_PER_BLOCK - 1) / EXTENTS_PER_BLOCK : 0;
    return data + extentBlocks;
  }

  private record Entry(
      char type, long links, String inode, long length, long depth, int nameBytes) {
    static Entry parse(byte[] record) throws IOException {
      // Five fields without blanks, then the name, which may hold anything but NUL and '/'.
      int[] ends = new int[5];
      int field = 0;
      for (int i = 0; i < record.length && field < ends.length; i++) {
        if (record[i] == ' ') {
          ends[field++] = i;
        }
      }
      if (field < ends.length) {
        throw malformed(record);
      }
      if (ends[0] != 1) {
        throw malformed(record);
      }
      try {
        return new Entry(
            (char) record[0],
            Long.parseLong(field(record, ends[0] + 1, ends[1])),
            field(record, ends[1] + 1, ends[2]),
            Long.parseLong(field(record, ends[2] + 1, ends[3])),
            Long.parseLong(field(record, ends[3] + 1, ends[4])),
            record.length - ends[4] - 1);
      } catch (NumberFormatException e) {
        throw malformed(record);
      }
    }

    private static String field(byte[] record, int start, int end) {
      return new String(record, start, end - start, StandardCharsets.US_ASCII);
    }

    private static IOException malformed(byte[] record) {
      return new IOException(
          "not a tree listing record: '"
              + new String(record, StandardCharsets.UTF_8).replace("\n", "\\n")
              + "'");
    }
  }
}
