package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.osbuildj.core.json.Json;

/**
 * {@code org.osbuild.grub2}, as an immutable value: a grub.cfg booting the tree's newest kernel
 * from the root filesystem with this UUID.
 *
 * <pre>{@code
 * Stages.grub2(rootUuid).withKernelOpts("quiet").withTimeout(1).withSerialConsole(true)
 * }</pre>
 */
public final class Grub2Options extends StageOptions {
  private final String rootFsUuid;
  private final String kernelOpts;
  private final Integer timeout;
  private final Boolean serialConsole;

  private Grub2Options(
      String name, String rootFsUuid, String kernelOpts, Integer timeout, Boolean serialConsole) {
    super(name);
    this.rootFsUuid = Objects.requireNonNull(rootFsUuid, "rootFsUuid");
    this.kernelOpts = kernelOpts;
    this.timeout = timeout;
    this.serialConsole = serialConsole;
  }

  /** Only the root filesystem's UUID. Made by {@code Stages.grub2(uuid)}, which gives the name. */
  public static Grub2Options of(String name, String rootFsUuid) {
    return new Grub2Options(name, rootFsUuid, null, null, null);
  }

  /** More kernel command-line arguments, space-separated. */
  public Grub2Options withKernelOpts(String opts) {
    return new Grub2Options(
        name(), rootFsUuid, Objects.requireNonNull(opts, "kernelOpts"), timeout, serialConsole);
  }

  /** Seconds the menu waits (the stage's default: 1). */
  public Grub2Options withTimeout(int seconds) {
    return new Grub2Options(name(), rootFsUuid, kernelOpts, seconds, serialConsole);
  }

  /**
   * Whether GRUB and the kernel also use the first serial port, which QEMU tests read (default:
   * false).
   */
  public Grub2Options withSerialConsole(boolean enabled) {
    return new Grub2Options(name(), rootFsUuid, kernelOpts, timeout, enabled);
  }

  /** The same as {@link #withKernelOpts(String)}. */
  public Grub2Options kernelOpts(String opts) {
    return withKernelOpts(opts);
  }

  /** The same as {@link #withTimeout(int)}. */
  public Grub2Options timeout(int seconds) {
    return withTimeout(seconds);
  }

  /** The same as {@code withSerialConsole(true)}. */
  public Grub2Options serialConsole() {
    return withSerialConsole(true);
  }

  @Override
  protected ObjectNode json() {
    ObjectNode json = Json.object().put("root_fs_uuid", rootFsUuid);
    put(json, "kernel_opts", kernelOpts);
    put(json, "timeout", timeout);
    return put(json, "serial_console", serialConsole);
  }
}
