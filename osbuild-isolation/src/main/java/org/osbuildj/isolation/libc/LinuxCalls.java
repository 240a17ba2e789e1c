package org.osbuildj.isolation.libc;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/**
 * Checked libc calls: each returns its result or throws a {@link NativeCallException} that says
 * what was asked and why the kernel refused. Calls that act on namespaces, mounts or the hostname
 * affect the calling thread only once it has left the JVM's shared namespaces (see {@link
 * #unshare}).
 */
public final class LinuxCalls {
  public static final int CLONE_FS = 0x00000200;
  public static final int CLONE_NEWNS = 0x00020000;
  public static final int CLONE_NEWUTS = 0x04000000;
  public static final int CLONE_NEWIPC = 0x08000000;
  public static final int CLONE_NEWPID = 0x20000000;
  public static final int CLONE_NEWNET = 0x40000000;

  public static final long MS_RDONLY = 1;
  public static final long MS_NOSUID = 2;
  public static final long MS_NODEV = 4;
  public static final long MS_NOEXEC = 8;
  public static final long MS_REMOUNT = 32;
  public static final long MS_NOATIME = 1024;
  public static final long MS_NODIRATIME = 2048;
  public static final long MS_BIND = 4096;
  public static final long MS_REC = 16384;
  public static final long MS_PRIVATE = 1 << 18;
  public static final long MS_RELATIME = 1 << 21;

  public static final int MNT_DETACH = 2;

  public static final int O_RDONLY = 0;
  public static final int O_RDWR = 2;
  public static final int O_CLOEXEC = 0x80000;
  public static final int O_PATH = 0x200000;
  private static final int O_ACCMODE = 3;
  private static final int F_GETFL = 3;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;

  public static final int SIGKILL = 9;
  public static final int SIGSTOP = 19;

  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EBUSY = 16;
  public static final int EINVAL = 22;

  private static final int ST_RDONLY = 1;
  private static final int ST_NOSUID = 2;
  private static final int ST_NODEV = 4;
  private static final int ST_NOEXEC = 8;
  private static final int ST_NOATIME = 1024;
  private static final int ST_NODIRATIME = 2048;
  private static final int ST_RELATIME = 4096;

  /** {@code struct statvfs} on 64-bit Linux: eleven longs, then six ints of padding. */
  private static final int STATVFS_SIZE = 112;

  private static final int STATVFS_FLAG_OFFSET = 72;

  private static final int AF_INET = 2;
  private static final int SOCK_DGRAM = 2;
  private static final long SIOCGIFFLAGS = 0x8913;
  private static final long SIOCSIFFLAGS = 0x8914;
  private static final int IFREQ_SIZE = 40;
  private static final int IFREQ_FLAGS_OFFSET = 16;
  private static final short IFF_UP = 1;

  private LinuxCalls() {}

  /** Loaded on first use, so that merely referring to this class needs no native library. */
  private static final class Lib {
    static final LibC C = Native.load("c", LibC.class);
  }

  static LibC c() {
    return Lib.C;
  }

  static NativeCallException failure(String call) {
    int errno = Native.getLastError();
    return new NativeCallException(call, errno, c().strerror(errno));
  }

  /** Moves the calling thread into new namespaces; see {@code unshare(2)}. */
  public static void unshare(int flags) {
    if (c().unshare(flags) != 0) {
      throw failure("unshare 0x" + Integer.toHexString(flags));
    }
  }

  public static void mount(String source, String target, String fstype, long flags, String data) {
    if (c().mount(source, target, fstype, new NativeLong(flags), data) != 0) {
      String what = source != null ? source : fstype != null ? fstype : "none";
      String verb =
          (flags & MS_REMOUNT) != 0 ? "remount " + target : "mount " + what + " on " + target;
      throw failure(verb);
    }
  }

  public static void umount2(String target, int flags) {
    if (c().umount2(target, flags) != 0) {
      throw failure("umount " + target);
    }
  }

  public static int open(String path, int flags) {
    int fd = c().open(path, flags, 0);
    if (fd < 0) {
      throw failure("open " + path);
    }
    return fd;
  }

  public static void close(int fd) {
    if (c().close(fd) != 0) {
      throw failure("close " + fd);
    }
  }

  /**
   * An ioctl whose argument is a pointer to a structure.
   *
   * @param what names the request and its target for the error message ("LOOP_CONFIGURE
   *     /dev/loop3")
   */
  public static int ioctl(int fd, long request, Pointer argument, String what) {
    int result = c().ioctl(fd, new NativeLong(request), argument);
    if (result < 0) {
      throw failure(what);
    }
    return result;
  }

  /** An ioctl whose argument is a plain number. */
  public static int ioctl(int fd, long request, long argument, String what) {
    int result = c().ioctl(fd, new NativeLong(request), new NativeLong(argument));
    if (result < 0) {
      throw failure(what);
    }
    return result;
  }

  /**
   * Sends {@code signal} to process {@code pid}; see {@code kill(2)}.
   *
   * @return false when the process is gone already
   */
  public static boolean kill(long pid, int signal) {
    if (c().kill(Math.toIntExact(pid), signal) == 0) {
      return true;
    }
    if (Native.getLastError() == ESRCH) {
      return false;
    }
    throw failure("kill -" + signal + " " + pid);
  }

  /** The kernel's id of the calling thread, as in {@code /proc/self/task/<tid>}. */
  public static int gettid() {
    return c().gettid();
  }

  public static void sethostname(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (c().sethostname(name, new NativeLong(bytes.length)) != 0) {
      throw failure("sethostname " + name);
    }
  }

  /**
   * The per-mount flags ({@code MS_NOSUID}, {@code MS_NODEV}, {@code MS_NOEXEC}, atime flags) of
   * the mount that holds {@code path}: a read-only remount of a bind must repeat them or it clears
   * them.
   */
  public static long mountFlags(String path) {
    try (Memory buffer = new Memory(STATVFS_SIZE)) {
      if (c().statvfs(path, buffer) != 0) {
        throw failure("statvfs " + path);
      }
      long st = buffer.getLong(STATVFS_FLAG_OFFSET);
      long ms = 0;
      ms |= (st & ST_RDONLY) != 0 ? MS_RDONLY : 0;
      ms |= (st & ST_NOSUID) != 0 ? MS_NOSUID : 0;
      ms |= (st & ST_NODEV) != 0 ? MS_NODEV : 0;
      ms |= (st & ST_NOEXEC) != 0 ? MS_NOEXEC : 0;
      ms |= (st & ST_NOATIME) != 0 ? MS_NOATIME : 0;
      ms |= (st & ST_NODIRATIME) != 0 ? MS_NODIRATIME : 0;
      ms |= (st & ST_RELATIME) != 0 ? MS_RELATIME : 0;
      return ms;
    }
  }

  /** A block device node {@code name} in the directory {@code dirfd}; see {@code mknodat(2)}. */
  public static void mknodBlock(int dirfd, String name, int permissions, int major, int minor) {
    long device =
        ((major & 0xfffff000L) << 32)
            | ((major & 0xfffL) << 8)
            | ((minor & 0xffffff00L) << 12)
            | (minor & 0xffL);
    if (c().mknodat(dirfd, name, FileStatus.S_IFBLK | permissions, device) != 0) {
      throw failure("mknod " + name);
    }
  }

  /** Gives {@code name} in {@code dirfd} to {@code owner}, never following a link there. */
  public static void chownAt(int dirfd, String name, int owner, int group) {
    if (c().fchownat(dirfd, name, owner, group, AT_SYMLINK_NOFOLLOW) != 0) {
      throw failure("chown " + name);
    }
  }

  public static void chmodAt(int dirfd, String name, int mode) {
    if (c().fchmodat(dirfd, name, mode, 0) != 0) {
      throw failure("chmod " + name);
    }
  }

  /** Removes {@code name} from {@code dirfd}; false when it was not there. */
  public static boolean unlinkAt(int dirfd, String name) {
    if (c().unlinkat(dirfd, name, 0) != 0) {
      NativeCallException failure = failure("unlink " + name);
      if (failure.errno() == ENOENT) {
        return false;
      }
      throw failure;
    }
    return true;
  }

  /** Whether an open descriptor was opened for writing ({@code O_RDWR} or {@code O_WRONLY}). */
  public static boolean openForWriting(int fd) {
    int flags = c().fcntl(fd, F_GETFL, 0);
    if (flags < 0) {
      throw failure("fcntl F_GETFL " + fd);
    }
    return (flags & O_ACCMODE) != O_RDONLY;
  }

  /**
   * Brings the loopback interface of the calling thread's network namespace up: a new namespace
   * starts with {@code lo} down, and tools that talk to 127.0.0.1 expect it up.
   */
  public static void bringLoopbackUp() {
    int fd = c().socket(AF_INET, SOCK_DGRAM | O_CLOEXEC, 0);
    if (fd < 0) {
      throw failure("socket AF_INET");
    }
    try (Memory request = new Memory(IFREQ_SIZE)) {
      request.clear();
      request.setString(0, "lo", StandardCharsets.US_ASCII.name());
      ioctl(fd, SIOCGIFFLAGS, request, "SIOCGIFFLAGS lo");
      request.setShort(IFREQ_FLAGS_OFFSET, (short) (request.getShort(IFREQ_FLAGS_OFFSET) | IFF_UP));
      ioctl(fd, SIOCSIFFLAGS, request, "SIOCSIFFLAGS lo");
    } finally {
      close(fd);
    }
  }
}
