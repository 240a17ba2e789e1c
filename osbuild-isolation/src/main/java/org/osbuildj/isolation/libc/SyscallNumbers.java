package org.osbuildj.isolation.libc;

/**
 * The numbers of the system calls that glibc 2.36 has no wrapper for. The mount API's calls have
 * one number on every architecture; capget and capset do not.
 */
final class SyscallNumbers {
  static final long OPEN_TREE = 428;
  static final long MOVE_MOUNT = 429;
  static final long MOUNT_SETATTR = 442;
  static final long CAPGET;
  static final long CAPSET;

  static {
    String arch = System.getProperty("os.arch", "");
    switch (arch) {
      case "amd64", "x86_64" -> {
        CAPGET = 125;
        CAPSET = 126;
      }
      case "aarch64", "arm64", "riscv64", "loongarch64" -> {
        CAPGET = 90;
        CAPSET = 91;
      }
      default -> {
        CAPGET = -1;
        CAPSET = -1;
      }
    }
  }

  private SyscallNumbers() {}

  static long checked(long number, String call) {
    if (number < 0) {
      throw new UnsupportedOperationException(
          call + " has no known system call number on " + System.getProperty("os.arch"));
    }
    return number;
  }
}
