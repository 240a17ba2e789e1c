package org.osbuildj.core.isolation;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The Linux capabilities a sandbox command may keep, by their kernel names and numbers.
 *
 * <p>Commands run as root of a user namespace of their own, so a capability reaches only what that
 * namespace owns: its own mounts and processes, never the host's. Every sandbox command keeps the
 * {@link #DEFAULT} set, what package managers and their scripts need to install files with any
 * owner and mode; a stage that needs more declares it (see {@code
 * StepImplementation#capabilities}), and every other capability is dropped from the bounding set
 * before the command runs.
 */
public enum Capability {
  CHOWN(0),
  DAC_OVERRIDE(1),
  DAC_READ_SEARCH(2),
  FOWNER(3),
  FSETID(4),
  KILL(5),
  SETGID(6),
  SETUID(7),
  SETPCAP(8),
  NET_BIND_SERVICE(10),
  /**
   * Mounts in the command's own mount namespace, as mmdebstrap makes for {@code /proc} in a tree.
   */
  SYS_ADMIN(21),
  SYS_CHROOT(18),
  AUDIT_WRITE(29),
  SETFCAP(31);

  /**
   * What every sandbox command keeps: owners, modes, set-id bits and file capabilities of the files
   * it writes (chown, fowner, fsetid, setfcap, dac_override), dropping to other users as apt and
   * dpkg do (setuid, setgid, setpcap), chroot, signals to its own processes, binding low ports, and
   * audit messages (login tools send them). Left out, among others: sys_admin (unless declared),
   * mknod, net_admin, net_raw, sys_module, sys_rawio, sys_time, sys_boot, sys_ptrace.
   */
  public static final Set<Capability> DEFAULT =
      Collections.unmodifiableSet(
          EnumSet.of(
              CHOWN,
              DAC_OVERRIDE,
              DAC_READ_SEARCH,
              FOWNER,
              FSETID,
              KILL,
              SETGID,
              SETUID,
              SETPCAP,
              NET_BIND_SERVICE,
              SYS_CHROOT,
              AUDIT_WRITE,
              SETFCAP));

  private final int number;

  Capability(int number) {
    this.number = number;
  }

  /** The kernel's number of this capability. */
  public int number() {
    return number;
  }

  /** The name as the kernel and {@code capsh} write it: {@code CAP_SYS_ADMIN}. */
  public String kernelName() {
    return "CAP_" + name();
  }

  /** The capability of that name, with or without the {@code CAP_} prefix, in any case. */
  public static Capability byName(String name) {
    String bare = name.toUpperCase(Locale.ROOT);
    return valueOf(bare.startsWith("CAP_") ? bare.substring(4) : bare);
  }

  /** The bit mask of these capabilities, as {@code /proc/PID/status} shows them. */
  public static long mask(Set<Capability> capabilities) {
    long mask = 0;
    for (Capability capability : capabilities) {
      mask |= 1L << capability.number;
    }
    return mask;
  }
}
