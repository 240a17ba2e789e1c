package org.osbuildj.isolation.libc;

import com.sun.jna.Memory;

/**
 * The file-system ids of the calling thread alone. Linux keeps credentials per thread, and glibc
 * changes the file-system ids of only the thread that asks, so one JVM thread can create files as
 * another owner while the rest of the JVM stays root.
 */
public final class ThreadCredentials {
  private static final int CAPABILITY_VERSION_3 = 0x20080522;

  private ThreadCredentials() {}

  /**
   * Makes {@code id} the calling thread's file-system uid and gid: files it creates get that owner.
   * Leaving id 0 takes the file capabilities (owner, DAC override...) out of the thread's effective
   * set; they are put back, so the thread still reaches every file as root does. Returning to 0
   * restores them by itself.
   */
  public static void useFileSystemIds(int id) {
    LibC c = LinuxCalls.c();
    c.setfsgid(id);
    c.setfsuid(id);
    // Both calls return the previous id even when they fail: read back to check.
    if (c.setfsuid(-1) != id || c.setfsgid(-1) != id) {
      throw new NativeCallException(
          "setfsuid/setfsgid " + id, 1, "the thread kept its file-system ids");
    }
    if (id != 0) {
      raiseEffectiveToPermitted();
    }
  }

  private static void raiseEffectiveToPermitted() {
    LibC c = LinuxCalls.c();
    try (Memory header = new Memory(8);
        Memory data = new Memory(24)) {
      header.setInt(0, CAPABILITY_VERSION_3);
      header.setInt(4, 0);
      if (c.syscall(SyscallNumbers.checked(SyscallNumbers.CAPGET, "capget"), header, data) < 0) {
        throw LinuxCalls.failure("capget");
      }
      // Two { effective, permitted, inheritable } words of 32 capabilities each.
      data.setInt(0, data.getInt(4));
      data.setInt(12, data.getInt(16));
      if (c.syscall(SyscallNumbers.checked(SyscallNumbers.CAPSET, "capset"), header, data) < 0) {
        throw LinuxCalls.failure("capset");
      }
    }
  }
}
