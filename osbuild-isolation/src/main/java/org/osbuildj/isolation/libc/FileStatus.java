package org.osbuildj.isolation.libc;

import com.sun.jna.Memory;

/**
 * What {@code statx(2)} says of an open file: its type and identity, the same layout on every
 * architecture (which {@code struct stat} is not).
 *
 * @param mode the type and permission bits
 * @param inode the inode number
 * @param deviceMajor the major number of the device the file lives on
 * @param deviceMinor its minor number
 * @param rdevMajor for a device node, the major number of the device it stands for
 * @param rdevMinor and its minor number
 */
public record FileStatus(
    int mode, long inode, int deviceMajor, int deviceMinor, int rdevMajor, int rdevMinor) {
  public static final int S_IFMT = 0170000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFBLK = 0060000;

  private static final int AT_EMPTY_PATH = 0x1000;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final int STATX_BASIC_STATS = 0x7ff;
  private static final int STATX_SIZE = 256;

  /** The file an open descriptor refers to. */
  public static FileStatus of(int fd) {
    return status(fd, "", AT_EMPTY_PATH, "statx fd " + fd);
  }

  /** The file at {@code path}, its last component not followed. */
  public static FileStatus of(String path) {
    return status(-100, path, AT_SYMLINK_NOFOLLOW, "statx " + path);
  }

  private static FileStatus status(int dirfd, String path, int flags, String what) {
    try (Memory buffer = new Memory(STATX_SIZE)) {
      buffer.clear();
      if (LinuxCalls.c().statx(dirfd, path, flags, STATX_BASIC_STATS, buffer) != 0) {
        throw LinuxCalls.failure(what);
      }
      return new FileStatus(
          buffer.getShort(0x1c) & 0xffff,
          buffer.getLong(0x20),
          buffer.getInt(0x88),
          buffer.getInt(0x8c),
          buffer.getInt(0x80),
          buffer.getInt(0x84));
    }
  }

  public boolean isRegularFile() {
    return (mode & S_IFMT) == S_IFREG;
  }

  public boolean isDirectory() {
    return (mode & S_IFMT) == S_IFDIR;
  }

  /** Whether both are the same file: the same inode on the same device. */
  public boolean sameFileAs(FileStatus other) {
    return inode == other.inode
        && deviceMajor == other.deviceMajor
        && deviceMinor == other.deviceMinor;
  }
}
