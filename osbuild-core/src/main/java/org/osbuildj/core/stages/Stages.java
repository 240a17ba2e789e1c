package org.osbuildj.core.stages;

import java.util.Objects;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.stages.options.ChmodOptions;
import org.osbuildj.core.stages.options.CopyOptions;
import org.osbuildj.core.stages.options.FstabOptions;
import org.osbuildj.core.stages.options.GroupsOptions;
import org.osbuildj.core.stages.options.Grub2Options;
import org.osbuildj.core.stages.options.MkdirOptions;
import org.osbuildj.core.stages.options.SystemdOptions;
import org.osbuildj.core.stages.options.UsersOptions;

/**
 * Typed helpers for the built-in stages. Each only produces a stage's name and JSON options, so a
 * stage made here equals the same stage read from a manifest, with the same id:
 *
 * <pre>{@code
 * Pipeline os = Pipeline.builder()
 *     .stage(Stages.hostname("demo"))
 *     .stage(Stages.timezone("Europe/Berlin"))
 *     .stage(Stages.locale("en_US.UTF-8"))
 *     .build();
 * }</pre>
 *
 * <p>Values are checked against the stage's schema when the pipeline is validated, not here, so
 * that an error carries its JSON path like any other.
 */
public final class Stages {
  private Stages() {}

  /** {@code org.osbuild.noop}, with no options. */
  public static Stage noop() {
    return Stage.of(NoopStage.NAME);
  }

  /** {@code org.osbuild.hostname}: {@code /etc/hostname} holds {@code hostname}. */
  public static Stage hostname(String hostname) {
    return Stage.of(HostnameStage.NAME, Json.object().put("hostname", required(hostname, "hostname")));
  }

  /** {@code org.osbuild.timezone}: a zone such as {@code "Europe/Berlin"} or {@code "UTC"}. */
  public static Stage timezone(String zone) {
    return Stage.of(TimezoneStage.NAME, Json.object().put("zone", required(zone, "zone")));
  }

  /** {@code org.osbuild.locale}: a default locale such as {@code "en_US.UTF-8"}. */
  public static Stage locale(String language) {
    return Stage.of(LocaleStage.NAME, Json.object().put("language", required(language, "language")));
  }

  /** {@code org.osbuild.keymap}: a console keymap such as {@code "us"} or {@code "de-latin1"}. */
  public static Stage keymap(String keymap) {
    return Stage.of(KeymapStage.NAME, Json.object().put("keymap", required(keymap, "keymap")));
  }

  /** {@code org.osbuild.users}: user accounts, made with the tree's useradd. */
  public static UsersOptions users() {
    return new UsersOptions(UsersStage.NAME);
  }

  /** {@code org.osbuild.groups}: groups, made with the tree's groupadd. */
  public static GroupsOptions groups() {
    return new GroupsOptions(GroupsStage.NAME);
  }

  /** {@code org.osbuild.fstab}: replaces /etc/fstab. */
  public static FstabOptions fstab() {
    return new FstabOptions(FstabStage.NAME);
  }

  /** {@code org.osbuild.systemd}: unit states and the default target, set with the tree's systemctl. */
  public static SystemdOptions systemd() {
    return new SystemdOptions(SystemdStage.NAME);
  }

  /** {@code org.osbuild.kernel-cmdline}: /etc/kernel/cmdline holds root=UUID=... and the options. */
  public static Stage kernelCmdline(String rootFsUuid, String kernelOpts) {
    return Stage.of(KernelCmdlineStage.NAME, Json.object()
        .put("root_fs_uuid", required(rootFsUuid, "rootFsUuid")).put("kernel_opts", required(kernelOpts, "kernelOpts")));
  }

  /** {@code org.osbuild.mkdir}: directories to create. */
  public static MkdirOptions mkdir() {
    return new MkdirOptions(MkdirStage.NAME);
  }

  /** {@code org.osbuild.chmod}: modes to change. */
  public static ChmodOptions chmod() {
    return new ChmodOptions(ChmodStage.NAME);
  }

  /** {@code org.osbuild.copy}: files given inline. */
  public static CopyOptions copy() {
    return new CopyOptions(CopyStage.NAME);
  }

  /** {@code org.osbuild.script}: a script run chrooted in the tree. */
  public static Stage script(String script) {
    return Stage.of(ScriptStage.NAME, Json.object().put("script", required(script, "script")));
  }

  /** {@code org.osbuild.grub2}: a grub.cfg booting the tree's kernel from this root filesystem. */
  public static Grub2Options grub2(String rootFsUuid) {
    return new Grub2Options(Grub2Stage.NAME, required(rootFsUuid, "rootFsUuid"));
  }

  private static String required(String value, String option) {
    return Objects.requireNonNull(value, option);
  }
}
