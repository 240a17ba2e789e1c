package org.osbuildj.isolation.libc;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few libc functions the isolation needs, exactly as C declares them. Callers go through {@link
 * LinuxCalls}, which checks every result; nothing else touches this interface.
 */
interface LibC extends Library {
  int unshare(int flags);

  int mount(String source, String target, String fstype, NativeLong flags, String data);

  int umount2(String target, int flags);

  int open(String path, int flags, int mode);

  int close(int fd);

  int ioctl(int fd, NativeLong request, Pointer argument);

  int ioctl(int fd, NativeLong request, NativeLong argument);

  int gettid();

  int kill(int pid, int signal);

  int sethostname(String name, NativeLong length);

  int statvfs(String path, Pointer buffer);

  int socket(int domain, int type, int protocol);

  String strerror(int errnum);

  /** Per thread: glibc does not pass these on to the process's other threads. */
  int setfsuid(int fsuid);

  int setfsgid(int fsgid);

  /** open_tree(2). */
  long syscall(long number, int dirfd, String path, int flags);

  /** mount_setattr(2). */
  long syscall(long number, int dirfd, String path, int flags, Pointer attributes, long size);

  /** move_mount(2). */
  long syscall(long number, int fromDirfd, String fromPath, int toDirfd, String toPath, int flags);

  /** capget(2) and capset(2): header and data. */
  long syscall(long number, Pointer header, Pointer data);
}
