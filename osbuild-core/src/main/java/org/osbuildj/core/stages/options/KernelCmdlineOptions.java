package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.osbuildj.core.json.Json;

/**
 * {@code org.osbuild.kernel-cmdline}, as an immutable value: {@code root=UUID=<rootFsUuid>} and
 * more arguments for /etc/kernel/cmdline. At least one of the two is set.
 *
 * <pre>{@code
 * Stages.kernelCmdline(rootUuid, "ro quiet")
 * Stages.kernelCmdline(null, "console=ttyS0")
 * }</pre>
 */
public final class KernelCmdlineOptions extends StageOptions {
  private final String rootFsUuid;
  private final String kernelOpts;

  private KernelCmdlineOptions(String name, String rootFsUuid, String kernelOpts) {
    super(name);
    if (rootFsUuid == null && kernelOpts == null) {
      throw new IllegalArgumentException(
          name + " needs a root filesystem UUID or kernel options, or both");
    }
    this.rootFsUuid = rootFsUuid;
    this.kernelOpts = kernelOpts;
  }

  /**
   * Either may be null, not both. Made by {@code Stages.kernelCmdline(...)}, which gives the name.
   *
   * @throws IllegalArgumentException if both are null
   */
  public static KernelCmdlineOptions of(String name, String rootFsUuid, String kernelOpts) {
    return new KernelCmdlineOptions(name, rootFsUuid, kernelOpts);
  }

  /** The root filesystem's UUID, written as {@code root=UUID=...}. */
  public KernelCmdlineOptions withRootFsUuid(String uuid) {
    return new KernelCmdlineOptions(name(), Objects.requireNonNull(uuid, "rootFsUuid"), kernelOpts);
  }

  /** More kernel arguments, space-separated. */
  public KernelCmdlineOptions withKernelOpts(String opts) {
    return new KernelCmdlineOptions(name(), rootFsUuid, Objects.requireNonNull(opts, "kernelOpts"));
  }

  @Override
  protected ObjectNode json() {
    return put(put(Json.object(), "root_fs_uuid", rootFsUuid), "kernel_opts", kernelOpts);
  }
}
