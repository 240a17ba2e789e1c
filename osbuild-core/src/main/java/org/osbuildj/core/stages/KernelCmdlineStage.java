package org.osbuildj.core.stages;

import java.util.ArrayList;
import java.util.List;
import org.osbuildj.core.spi.StageContext;

/**
 * {@code org.osbuild.kernel-cmdline}: writes the kernel command line to {@code
 * /etc/kernel/cmdline}, where kernel-install and the boot-loader stages read it: {@code
 * root=UUID=<root_fs_uuid>} followed by {@code kernel_opts}, as osbuild writes it.
 */
public final class KernelCmdlineStage extends NativeStage {
  public static final String NAME = "org.osbuild.kernel-cmdline";

  public KernelCmdlineStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    List<String> words = new ArrayList<>();
    context
        .options()
        .optionalString("root_fs_uuid")
        .ifPresent(uuid -> words.add("root=UUID=" + uuid));
    context
        .options()
        .optionalString("kernel_opts")
        .filter(opts -> !opts.isBlank())
        .ifPresent(words::add);
    new StageFiles(context).write("/etc/kernel/cmdline", String.join(" ", words) + "\n");
  }
}
