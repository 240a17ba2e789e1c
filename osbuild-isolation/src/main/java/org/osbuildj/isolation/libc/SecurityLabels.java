package org.osbuildj.isolation.libc;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.isolation.FileLabel;
import org.osbuildj.core.isolation.IsolationException;

/**
 * Writes SELinux labels ({@code security.selinux}) onto entries of a tree that may hold hostile
 * symlinks anywhere. Each path is resolved from a descriptor of the tree's root, name by name, with
 * {@code openat(O_PATH | O_NOFOLLOW)}: a directory on the way must be a real directory ({@code
 * O_DIRECTORY}, so a symlink there fails with ENOTDIR), and the last name is opened as it is, a
 * symlink included. The attribute is then written through {@code /proc/self/fd/N}, which reaches
 * exactly the opened entry (a symlink itself, never its target), since {@code fsetxattr} refuses
 * {@code O_PATH} descriptors and opening a device or FIFO for real could block or act.
 *
 * <p>The caller needs {@code CAP_SYS_ADMIN} in the user namespace that owns the tree's file system
 * (the host's root): the kernel demands it for any {@code security.*} attribute.
 */
public final class SecurityLabels {
  public static final String ATTRIBUTE = "security.selinux";

  static final int O_NOFOLLOW = 0x20000;
  static final int O_DIRECTORY = 0x10000;
  private static final int PATH_FLAGS = LinuxCalls.O_PATH | O_NOFOLLOW | LinuxCalls.O_CLOEXEC;
  private static final int ENOTDIR = 20;
  private static final int ELOOP = 40;
  private static final int ENODATA = 61;

  private SecurityLabels() {}

  /**
   * Labels every entry named in {@code labels}, in order, below the directory {@code tree}.
   *
   * @throws NativeCallException naming the entry, if it cannot be reached without following a
   *     symlink, is missing, or the kernel refuses the attribute
   */
  public static void apply(Path tree, List<FileLabel> labels) {
    try (Walker walker = new Walker(tree)) {
      for (FileLabel label : labels) {
        int fd = walker.open(label);
        try {
          set(fd, label);
        } finally {
          if (fd != walker.rootFd()) LinuxCalls.close(fd);
        }
      }
    }
  }

  /**
   * The entry {@code label} names, opened with {@code O_PATH} without following any symlink: for
   * tests of the resolution. The caller closes the descriptor.
   */
  static int openNoFollow(Path tree, FileLabel label) {
    if (label.names().isEmpty()) {
      return LinuxCalls.open(tree.toString(), LinuxCalls.O_PATH | LinuxCalls.O_CLOEXEC);
    }
    try (Walker walker = new Walker(tree)) {
      return walker.open(label);
    }
  }

  /**
   * The label of {@code entry} itself (a symlink's own, not its target's), as stored: the context's
   * bytes and, as libselinux writes it, a NUL byte; empty when it has none.
   */
  public static Optional<byte[]> read(Path entry) {
    byte[] buffer = new byte[FileLabel.MAX_CONTEXT_LENGTH + 1];
    NativeLong length =
        LinuxCalls.c()
            .lgetxattr(entry.toString(), ATTRIBUTE, buffer, new NativeLong(buffer.length));
    if (length.longValue() < 0) {
      if (Native.getLastError() == ENODATA) return Optional.empty();
      throw LinuxCalls.failure("lgetxattr " + entry + " " + ATTRIBUTE);
    }
    return Optional.of(Arrays.copyOf(buffer, (int) length.longValue()));
  }

  /**
   * Gives the directory {@code to} the label of the directory {@code from} when {@code to} has none
   * and {@code from} has one. Both are the library's own paths (a store's layer and a fresh upper
   * directory), never a tree's entries.
   *
   * @return whether a label was copied
   */
  public static boolean copyIfMissing(Path from, Path to) {
    Optional<byte[]> label = read(from);
    if (label.isEmpty() || read(to).isPresent()) return false;
    byte[] value = label.get();
    if (LinuxCalls.c().lsetxattr(to.toString(), ATTRIBUTE, value, new NativeLong(value.length), 0)
        != 0) {
      throw LinuxCalls.failure("lsetxattr " + to + " " + ATTRIBUTE);
    }
    return true;
  }

  private static void set(int fd, FileLabel label) {
    byte[] value = label.attributeValue();
    if (LinuxCalls.c()
            .setxattr("/proc/self/fd/" + fd, ATTRIBUTE, value, new NativeLong(value.length), 0)
        != 0) {
      throw LinuxCalls.failure(
          "setxattr " + label.displayPath() + " " + ATTRIBUTE + "=" + label.context());
    }
  }

  /**
   * Opens entries below a root, keeping the directories of the last path open: {@code setfiles}
   * lists a directory before what it holds, so each directory is opened about once.
   */
  private static final class Walker implements AutoCloseable {
    private final Path tree;
    private final List<byte[]> names = new ArrayList<>();
    private final List<Integer> fds = new ArrayList<>();

    Walker(Path tree) {
      this.tree = tree;
      // The tree's own path is the library's, not the manifest's: following it is safe.
      fds.add(
          LinuxCalls.open(tree.toString(), LinuxCalls.O_PATH | O_DIRECTORY | LinuxCalls.O_CLOEXEC));
    }

    int rootFd() {
      return fds.get(0);
    }

    /** A new O_PATH descriptor of the entry, or the root's own for the root. */
    int open(FileLabel label) {
      List<byte[]> path = label.names();
      if (path.isEmpty()) return rootFd();
      List<byte[]> directories = path.subList(0, path.size() - 1);
      int common = 0;
      while (common < names.size()
          && common < directories.size()
          && Arrays.equals(names.get(common), directories.get(common))) {
        common++;
      }
      while (names.size() > common) {
        names.remove(names.size() - 1);
        LinuxCalls.close(fds.remove(fds.size() - 1));
      }
      for (int i = common; i < directories.size(); i++) {
        int fd = openAt(fds.get(fds.size() - 1), path, i, PATH_FLAGS | O_DIRECTORY, label);
        names.add(directories.get(i));
        fds.add(fd);
      }
      return openAt(fds.get(fds.size() - 1), path, path.size() - 1, PATH_FLAGS, label);
    }

    /** Opens the {@code index}th name of {@code path} in {@code dirfd}, the directory before it. */
    private int openAt(int dirfd, List<byte[]> path, int index, int flags, FileLabel label) {
      byte[] name = path.get(index);
      byte[] terminated = Arrays.copyOf(name, name.length + 1);
      int fd = LinuxCalls.c().openat(dirfd, terminated, flags, 0);
      if (fd >= 0) return fd;
      String upTo = FileLabel.display(join(path.subList(0, index + 1)));
      NativeCallException failure =
          LinuxCalls.failure(
              "open " + upTo + " below " + tree + " to label " + label.displayPath());
      if (failure.errno() == ENOTDIR || failure.errno() == ELOOP) {
        throw new IsolationException(
            "cannot label "
                + label.displayPath()
                + ": "
                + upTo
                + " on its way is a symlink or no directory, and no symlink is followed in the"
                + " tree");
      }
      throw failure;
    }

    private static byte[] join(List<byte[]> names) {
      java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
      for (byte[] name : names) {
        if (joined.size() > 0) joined.write('/');
        joined.writeBytes(name);
      }
      return joined.toByteArray();
    }

    @Override
    public void close() {
      for (int fd : fds) {
        LinuxCalls.close(fd);
      }
      fds.clear();
    }
  }
}
