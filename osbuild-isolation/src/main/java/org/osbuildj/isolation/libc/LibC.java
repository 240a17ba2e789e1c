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

  int bind(int fd, Pointer address, int length);

  long recvmsg(int fd, Pointer message, int flags);

  long sendto(int fd, Pointer buffer, NativeLong length, int flags, Pointer address, int addrlen);

  int poll(Pointer fds, NativeLong count, int timeoutMillis);

  int statx(int dirfd, String path, int flags, int mask, Pointer buffer);

  int mknodat(int dirfd, String path, int mode, long device);

  int fchownat(int dirfd, String path, int owner, int group, int flags);

  int fchmodat(int dirfd, String path, int mode, int flags);

  int unlinkat(int dirfd, String path, int flags);

  int fcntl(int fd, int command, int argument);

  /** openat(2) with a name given as bytes, NUL-terminated: file names need not be text. */
  int openat(int dirfd, byte[] path, int flags, int mode);

  int setxattr(String path, String name, byte[] value, NativeLong size, int flags);

  NativeLong lgetxattr(String path, String name, byte[] value, NativeLong size);

  int lsetxattr(String path, String name, byte[] value, NativeLong size, int flags);
}
