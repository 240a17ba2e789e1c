package org.osbuildj.core.stages.options;

/** {@code org.osbuild.grub2}: {@code Stages.grub2(uuid).kernelOpts("quiet").timeout(1).serialConsole()}. */
public final class Grub2Options extends StageOptions {
  public Grub2Options(String name, String rootFsUuid) {
    super(name);
    options.put("root_fs_uuid", rootFsUuid);
  }

  public Grub2Options kernelOpts(String opts) { options.put("kernel_opts", opts); return this; }
  public Grub2Options timeout(int seconds) { options.put("timeout", seconds); return this; }
  /** GRUB and the kernel also on the first serial port, which QEMU tests read. */
  public Grub2Options serialConsole() { options.put("serial_console", true); return this; }
}
