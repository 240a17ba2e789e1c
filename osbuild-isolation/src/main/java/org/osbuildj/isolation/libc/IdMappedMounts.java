package org.osbuildj.isolation.libc;

import com.sun.jna.Memory;

/**
 * Id-mapped bind mounts through the new mount API ({@code open_tree}, {@code mount_setattr}, {@code
 * move_mount}): the files of a directory appear with their owners shifted by a user namespace's id
 * map, and what is written through the mount is shifted back on disk.
 */
public final class IdMappedMounts {
  private static final int AT_FDCWD = -100;
  private static final int AT_EMPTY_PATH = 0x1000;
  private static final int OPEN_TREE_CLONE = 1;
  private static final int MOVE_MOUNT_F_EMPTY_PATH = 0x4;
  private static final long MOUNT_ATTR_RDONLY = 0x1;
  private static final long MOUNT_ATTR_NOSUID = 0x2;
  private static final long MOUNT_ATTR_NODEV = 0x4;
  private static final long MOUNT_ATTR_IDMAP = 0x100000;

  /** struct mount_attr: attr_set, attr_clr, propagation, userns_fd, each a u64. */
  private static final int MOUNT_ATTR_SIZE = 32;

  private IdMappedMounts() {}

  /**
   * Bind-mounts {@code source} (that one mount, not the ones below it) on {@code target}, with
   * owners mapped through the user namespace {@code usernsFd}, read-only unless {@code writable}.
   * Device files on it do not work, and set-user-id bits do not give privileges.
   */
  public static void bind(String source, String target, int usernsFd, boolean writable) {
    LibC c = LinuxCalls.c();
    long fd =
        c.syscall(
            SyscallNumbers.OPEN_TREE, AT_FDCWD, source, OPEN_TREE_CLONE | LinuxCalls.O_CLOEXEC);
    if (fd < 0) {
      throw LinuxCalls.failure("open_tree " + source);
    }
    int tree = Math.toIntExact(fd);
    try (Memory attributes = new Memory(MOUNT_ATTR_SIZE)) {
      attributes.clear();
      long set =
          MOUNT_ATTR_IDMAP
              | MOUNT_ATTR_NOSUID
              | MOUNT_ATTR_NODEV
              | (writable ? 0 : MOUNT_ATTR_RDONLY);
      attributes.setLong(0, set);
      attributes.setLong(24, usernsFd);
      if (c.syscall(
              SyscallNumbers.MOUNT_SETATTR, tree, "", AT_EMPTY_PATH, attributes, MOUNT_ATTR_SIZE)
          < 0) {
        throw LinuxCalls.failure("mount_setattr MOUNT_ATTR_IDMAP " + source);
      }
      if (c.syscall(SyscallNumbers.MOVE_MOUNT, tree, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH)
          < 0) {
        throw LinuxCalls.failure("move_mount " + source + " to " + target);
      }
    } finally {
      LinuxCalls.close(tree);
    }
  }
}
