package org.osbuildj.core.stages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.tree.Tree;

/**
 * {@code org.osbuild.grub2}: writes {@code /boot/grub/grub.cfg} that boots the tree's newest kernel
 * ({@code /boot/vmlinuz-<version>}, with {@code /boot/initrd.img-<version>} when there is one) from
 * the root filesystem found by {@code root_fs_uuid}, with {@code kernel_opts}; and the same
 * settings in {@code /etc/default/grub}, so that a later {@code update-grub} in the image keeps
 * them. With {@code serial_console}, GRUB and the kernel also talk on the first serial port ({@code
 * console=ttyS0,115200}), which is what a QEMU test reads. GRUB itself is installed into a disk by
 * the image's assembler, not here.
 */
public final class Grub2Stage extends NativeStage {
  public static final String NAME = "org.osbuild.grub2";
  static final String SERIAL = "serial --unit=0 --speed=115200";
  static final String SERIAL_KERNEL_OPTS = "console=tty0 console=ttyS0,115200";

  public Grub2Stage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    Tree tree = context.tree();
    String uuid = context.options().string("root_fs_uuid");
    long timeout = context.options().number("timeout", 1);
    boolean serial = context.options().bool("serial_console", false);
    String kernelOpts = kernelOpts(context.options().string("kernel_opts", ""), serial);
    String version =
        KernelVersions.newest(tree)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the tree has no kernel: "
                            + NAME
                            + " boots /boot/vmlinuz-<version>, install a kernel package first"));
    Optional<String> initrd =
        tree.isRegularFile("/boot/initrd.img-" + version)
            ? Optional.of("/boot/initrd.img-" + version)
            : Optional.empty();
    if (initrd.isEmpty()) {
      context.log(
          "warning: no /boot/initrd.img-" + version + "; booting the kernel without an initrd");
    }
    StageFiles files = new StageFiles(context);
    files.write("/boot/grub/grub.cfg", config(uuid, version, initrd, kernelOpts, timeout, serial));
    String defaults =
        tree.isRegularFile("/etc/default/grub") ? tree.readString("/etc/default/grub") : "";
    files.write(
        "/etc/default/grub", ShellVariables.set(defaults, defaults(kernelOpts, timeout, serial)));
    context.log("grub.cfg boots " + version + " from UUID=" + uuid);
  }

  private static String kernelOpts(String given, boolean serial) {
    List<String> words = new ArrayList<>();
    if (!given.isBlank()) words.add(given.strip());
    if (serial) words.add(SERIAL_KERNEL_OPTS);
    return String.join(" ", words);
  }

  static String config(
      String uuid,
      String version,
      Optional<String> initrd,
      String kernelOpts,
      long timeout,
      boolean serial) {
    StringBuilder cfg =
        new StringBuilder()
            .append("# written by ")
            .append(NAME)
            .append("\n")
            .append("set default=0\n")
            .append("set timeout=")
            .append(timeout)
            .append('\n');
    if (serial) {
      cfg.append(SERIAL)
          .append('\n')
          .append("terminal_input serial console\n")
          .append("terminal_output serial console\n");
    }
    cfg.append("insmod part_msdos\ninsmod part_gpt\ninsmod ext2\n")
        .append("search --no-floppy --fs-uuid --set=root ")
        .append(uuid)
        .append('\n')
        .append("menuentry 'Debian GNU/Linux, with Linux ")
        .append(version)
        .append("' {\n")
        .append("  linux /boot/vmlinuz-")
        .append(version)
        .append(" root=UUID=")
        .append(uuid)
        .append(" ro")
        .append(kernelOpts.isEmpty() ? "" : " " + kernelOpts)
        .append('\n');
    initrd.ifPresent(path -> cfg.append("  initrd ").append(path).append('\n'));
    return cfg.append("}\n").toString();
  }

  private static Map<String, String> defaults(String kernelOpts, long timeout, boolean serial) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("GRUB_DEFAULT", "0");
    values.put("GRUB_TIMEOUT", Long.toString(timeout));
    values.put("GRUB_CMDLINE_LINUX", kernelOpts);
    if (serial) {
      values.put("GRUB_TERMINAL", "serial console");
      values.put("GRUB_SERIAL_COMMAND", SERIAL);
    }
    return values;
  }
}
