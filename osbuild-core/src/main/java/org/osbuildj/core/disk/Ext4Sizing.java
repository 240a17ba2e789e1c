package org.osbuildj.core.disk;

/**
 * How large an ext4 filesystem a tree needs, estimated from what {@code du} measures, for a
 * filesystem made as {@link Ext4Format} makes it (4 KiB blocks, a 256-byte inode per 16 KiB). The
 * estimate is there to fail early with a useful number; mke2fs remains the judge.
 */
public final class Ext4Sizing {
  static final long BLOCK = 4096;
  static final long BYTES_PER_INODE = 16384;
  static final long INODE_SIZE = 256;

  /** The share of blocks mke2fs reserves for root when not told otherwise ({@code -m}). */
  static final long RESERVED_PERCENT = 5;

  private static final long MIB = 1L << 20;

  private Ext4Sizing() {}

  /**
   * The bytes mke2fs spends on a filesystem of {@code fsBytes} before any file: inode tables,
   * journal, bitmaps.
   */
  public static long overhead(long fsBytes) {
    long inodeTables = fsBytes / BYTES_PER_INODE * INODE_SIZE;
    long groups = (fsBytes / BLOCK + 32767) / 32768;
    // Per group: two bitmaps; plus the descriptors and the blocks reserved for growth, kept in a
    // few
    // groups only (sparse_super): a generous 64 blocks per group covers both.
    long groupMetadata = groups * 66 * BLOCK;
    return inodeTables + journalBlocks(fsBytes / BLOCK) * BLOCK + groupMetadata;
  }

  /** mke2fs's default journal size for a filesystem of this many blocks. */
  static long journalBlocks(long blocks) {
    if (blocks < 2048) return 0;
    if (blocks < 32768) return 1024;
    if (blocks < 256 * 1024) return 4096;
    if (blocks < 512 * 1024) return 8192;
    if (blocks < 4096 * 1024) return 16384;
    if (blocks < 8192 * 1024) return 32768;
    if (blocks < 16384 * 1024) return 65536;
    if (blocks < 32768 * 1024) return 131072;
    return 262144;
  }

  /** Whether a filesystem of {@code fsBytes} holds the tree, by this estimate. */
  public static boolean fits(TreeUsage tree, long fsBytes) {
    return fsBytes - overhead(fsBytes) >= withMargin(tree.bytes())
        && fsBytes / BYTES_PER_INODE >= tree.inodes() + 16;
  }

  /** The smallest filesystem, in whole MiB, that holds the tree by this estimate. */
  public static DataSize minimumFor(TreeUsage tree) {
    long size =
        Math.max(
            roundUpToMiB(withMargin(tree.bytes())),
            roundUpToMiB((tree.inodes() + 16) * BYTES_PER_INODE));
    while (!fits(tree, size)) {
      size += Math.max(MIB, roundUpToMiB(withMargin(tree.bytes()) - (size - overhead(size))));
    }
    return DataSize.ofBytes(size);
  }

  /**
   * The smallest filesystem, in whole MiB, that holds the tree by this estimate and still has
   * {@code freeBytes} free for users other than root (mke2fs keeps {@value #RESERVED_PERCENT} % of
   * the blocks for root) and free inodes for a fifth more files, or for files of {@code freeBytes}
   * averaging 16 KiB if that is more.
   */
  public static DataSize withFreeSpace(TreeUsage tree, long freeBytes) {
    if (freeBytes < 0) {
      throw new IllegalArgumentException("free space cannot be negative: " + freeBytes);
    }
    long freeInodes = Math.max(freeBytes / BYTES_PER_INODE, tree.inodes() / 5);
    long size =
        Math.max(
            roundUpToMiB(withMargin(tree.bytes()) + freeBytes),
            roundUpToMiB((tree.inodes() + 16 + freeInodes) * BYTES_PER_INODE));
    while (available(tree, size) < freeBytes) {
      size += MIB;
    }
    return DataSize.ofBytes(size);
  }

  /**
   * What a filesystem of {@code fsBytes} holding the tree leaves to users other than root, by this
   * estimate; negative when the tree does not fit.
   */
  public static long available(TreeUsage tree, long fsBytes) {
    return fsBytes - overhead(fsBytes) - reserved(fsBytes) - withMargin(tree.bytes());
  }

  /** The blocks mke2fs keeps for root by default, in bytes, rounded up to a whole block. */
  static long reserved(long fsBytes) {
    long blocks = fsBytes / BLOCK;
    return (blocks * RESERVED_PERCENT + 99) / 100 * BLOCK;
  }

  // Directory blocks and extent trees the source filesystem counts differently: 2% and 1 MiB.
  private static long withMargin(long bytes) {
    return bytes + bytes / 50 + MIB;
  }

  private static long roundUpToMiB(long bytes) {
    return (bytes + MIB - 1) / MIB * MIB;
  }

  /**
   * What {@code du} says about a tree: bytes allocated and the number of files, directories and
   * links.
   */
  public record TreeUsage(long bytes, long inodes) {}
}
