package org.osbuildj.store.oci;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file calls Java's API lacks, from libc: every extended attribute (not only {@code user.*}),
 * device nodes, and nanosecond times on symbolic links. Each result is checked; an error names the
 * call, the path and errno's text.
 */
final class NativeFiles {
  private static final int ENODATA = 61;
  private static final int ENOTSUP = 95;
  private static final int ERANGE = 34;
  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;

  private interface LibC extends Library {
    NativeLong llistxattr(String path, Pointer list, NativeLong size);

    NativeLong lgetxattr(String path, String name, Pointer value, NativeLong size);

    int lsetxattr(String path, String name, Pointer value, NativeLong size, int flags);

    int mknod(String path, int mode, long dev);

    int utimensat(int dirfd, String path, long[] times, int flags);

    int chmod(String path, int mode);

    int lchown(String path, int owner, int group);

    String strerror(int errnum);
  }

  private static final LibC LIBC = Native.load("c", LibC.class);

  private NativeFiles() {}

  /**
   * Every extended attribute of {@code path} (not followed), in the order the file system lists
   * them: archivers write them in that order, so keeping it keeps their archives byte-identical.
   */
  static Map<String, byte[]> xattrs(Path path) throws IOException {
    String p = path.toString();
    Map<String, byte[]> result = new LinkedHashMap<>();
    for (String name : names(p)) {
      byte[] value = value(p, name);
      if (value != null) result.put(name, value);
    }
    return result;
  }

  private static List<String> names(String path) throws IOException {
    for (int attempt = 0; ; attempt++) {
      long size = check(LIBC.llistxattr(path, null, new NativeLong(0)), "llistxattr", path, true);
      if (size <= 0) return List.of();
      Memory buffer = new Memory(size);
      long got = LIBC.llistxattr(path, buffer, new NativeLong(size)).longValue();
      if (got < 0 && Native.getLastError() == ERANGE && attempt < 3) continue;
      check(new NativeLong(got), "llistxattr", path, true);
      List<String> names = new ArrayList<>();
      byte[] bytes = buffer.getByteArray(0, (int) got);
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == 0) {
          if (i > start) names.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      return names;
    }
  }

  private static byte[] value(String path, String name) throws IOException {
    for (int attempt = 0; ; attempt++) {
      NativeLong size = LIBC.lgetxattr(path, name, null, new NativeLong(0));
      if (size.longValue() < 0 && Native.getLastError() == ENODATA) return null;
      long n = check(size, "lgetxattr " + name, path, false);
      if (n == 0) return new byte[0];
      Memory buffer = new Memory(n);
      long got = LIBC.lgetxattr(path, name, buffer, new NativeLong(n)).longValue();
      if (got < 0 && Native.getLastError() == ERANGE && attempt < 3) continue;
      if (got < 0 && Native.getLastError() == ENODATA) return null;
      check(new NativeLong(got), "lgetxattr " + name, path, false);
      return buffer.getByteArray(0, (int) got);
    }
  }

  static void setXattr(Path path, String name, byte[] value) throws IOException {
    Memory buffer = new Memory(Math.max(1, value.length));
    buffer.write(0, value, 0, value.length);
    if (LIBC.lsetxattr(path.toString(), name, buffer, new NativeLong(value.length), 0) != 0) {
      throw error("lsetxattr " + name, path.toString());
    }
  }

  /** mknod(2) of a character or block device, or a FIFO; {@code mode} carries the type bits. */
  static void mknod(Path path, int mode, int major, int minor) throws IOException {
    long dev =
        ((long) (major & 0xfffff000) << 32)
            | ((long) (major & 0xfff) << 8)
            | ((long) (minor & 0xffffff00) << 12)
            | (minor & 0xff);
    if (LIBC.mknod(path.toString(), mode, dev) != 0) {
      throw error("mknod", path.toString());
    }
  }

  /**
   * chmod(2), which unlike Java's never opens the file (opening a FIFO would block, a device could
   * act); never call it on a symbolic link.
   */
  static void chmod(Path path, int mode) throws IOException {
    if (LIBC.chmod(path.toString(), mode) != 0) {
      throw error("chmod", path.toString());
    }
  }

  /** lchown(2): the owner of the entry itself, a symbolic link included. */
  static void lchown(Path path, long uid, long gid) throws IOException {
    if (LIBC.lchown(path.toString(), (int) uid, (int) gid) != 0) {
      throw error("lchown", path.toString());
    }
  }

  /** Sets the modification (and access) time, not following a symbolic link. */
  static void setMtime(Path path, long seconds, int nanos) throws IOException {
    long[] times = {seconds, nanos, seconds, nanos};
    if (LIBC.utimensat(AT_FDCWD, path.toString(), times, AT_SYMLINK_NOFOLLOW) != 0) {
      throw error("utimensat", path.toString());
    }
  }

  /** The major and minor numbers of a device number as stat(2) gives it. */
  static int major(long dev) {
    return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL));
  }

  static int minor(long dev) {
    return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0xffL));
  }

  private static long check(NativeLong result, String call, String path, boolean listing)
      throws IOException {
    long value = result.longValue();
    if (value >= 0) return value;
    if (listing && Native.getLastError() == ENOTSUP) return 0;
    throw error(call, path);
  }

  private static IOException error(String call, String path) {
    int errno = Native.getLastError();
    return new IOException(
        call + " " + path + ": " + LIBC.strerror(errno) + " (errno " + errno + ")");
  }
}
