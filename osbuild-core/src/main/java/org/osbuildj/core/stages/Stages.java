package org.osbuildj.core.stages;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.osbuildj.core.ansible.AnsibleStage;
import org.osbuildj.core.debian.AptStage;
import org.osbuildj.core.debian.MmdebstrapStage;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.rpm.DnfStage;
import org.osbuildj.core.rpm.YumStage;
import org.osbuildj.core.selinux.SelinuxStage;
import org.osbuildj.core.stages.options.AptOptions;
import org.osbuildj.core.stages.options.ChmodOptions;
import org.osbuildj.core.stages.options.CopyOptions;
import org.osbuildj.core.stages.options.DnfOptions;
import org.osbuildj.core.stages.options.FstabOptions;
import org.osbuildj.core.stages.options.GroupsOptions;
import org.osbuildj.core.stages.options.Grub2Options;
import org.osbuildj.core.stages.options.KernelCmdlineOptions;
import org.osbuildj.core.stages.options.KeymapOptions;
import org.osbuildj.core.stages.options.MkdirOptions;
import org.osbuildj.core.stages.options.MmdebstrapOptions;
import org.osbuildj.core.stages.options.SystemdOptions;
import org.osbuildj.core.stages.options.UsersOptions;

/**
 * Typed helpers for the built-in stages. Each only produces a stage's name and JSON options, so a
 * stage made here equals the same stage read from a manifest, with the same id:
 *
 * <pre>{@code
 * Pipeline build = Pipeline.builder()
 *     .stage(Stages.mmdebstrap("bookworm").withVariant("minbase").withInclude("grub-pc-bin", "e2fsprogs"))
 *     .build();
 *
 * Pipeline os = Pipeline.builder()
 *     .buildPipeline(build)
 *     .stage(Stages.mmdebstrap("bookworm").withInclude("linux-image-amd64", "systemd-sysv"))
 *     .stage(Stages.apt("openssh-server"))
 *     .stage(Stages.hostname("demo"))
 *     .stage(Stages.users().user("root", user -> user.withPassword(cryptHash)))
 *     .stage(Stages.systemd().enable("ssh.service").withDefaultTarget("multi-user.target"))
 *     .build();
 * }</pre>
 *
 * <p>A stage with only required options is a {@link Stage}; the others are immutable values (see
 * {@link org.osbuildj.core.stages.options.StageOptions}) that the pipeline builder takes as they
 * are: the factory takes the required options, and each {@code withX} (set an option) or {@code
 * addX} (add to a list) returns a new value, so a value can be shared and varied freely:
 *
 * <pre>{@code
 * MmdebstrapOptions base = Stages.mmdebstrap("bookworm").withVariant("minbase");
 * MmdebstrapOptions withSsh = base.addInclude("openssh-server");   // base is unchanged
 * }</pre>
 *
 * <p>Values are checked against the stage's schema when the pipeline is validated, not here, so
 * that an error carries its JSON path like any other; here only what the types cannot say is
 * checked (a required value is not null, a variant exists, a copied file has one content).
 */
public final class Stages {
  private Stages() {}

  /** {@code org.osbuild.noop}, with no options. */
  public static Stage noop() {
    return Stage.of(NoopStage.NAME);
  }

  /** {@code org.osbuild.noop} with any options, which only vary its id (the options are copied). */
  public static Stage noop(ObjectNode options) {
    return Stage.of(NoopStage.NAME, Objects.requireNonNull(options, "options"));
  }

  /** {@code org.osbuild.hostname}: {@code /etc/hostname} holds {@code hostname}. */
  public static Stage hostname(String hostname) {
    return Stage.of(
        HostnameStage.NAME, Json.object().put("hostname", required(hostname, "hostname")));
  }

  /** {@code org.osbuild.timezone}: a zone such as {@code "Europe/Berlin"} or {@code "UTC"}. */
  public static Stage timezone(String zone) {
    return Stage.of(TimezoneStage.NAME, Json.object().put("zone", required(zone, "zone")));
  }

  /** {@code org.osbuild.locale}: a default locale such as {@code "en_US.UTF-8"}. */
  public static Stage locale(String language) {
    return Stage.of(
        LocaleStage.NAME, Json.object().put("language", required(language, "language")));
  }

  /**
   * {@code org.osbuild.locale} with the osbuild seed's {@code vc_keymap}: also the console keymap,
   * such as {@code "us"}, written to {@code /etc/vconsole.conf} with the seed's console font.
   */
  public static Stage locale(String language, String vcKeymap) {
    return Stage.of(
        LocaleStage.NAME,
        Json.object()
            .put("language", required(language, "language"))
            .put("vc_keymap", required(vcKeymap, "vc_keymap")));
  }

  /**
   * {@code org.osbuild.keymap}: a console keymap such as {@code "us"} or {@code "de-latin1"}; a
   * font and X11 layouts with {@code withFont}, {@code withX11Layouts}.
   */
  public static KeymapOptions keymap(String keymap) {
    return KeymapOptions.of(KeymapStage.NAME, keymap);
  }

  /** {@code org.osbuild.users}: user accounts, made with the tree's useradd. */
  public static UsersOptions users() {
    return UsersOptions.of(UsersStage.NAME);
  }

  /** {@code org.osbuild.groups}: groups, made with the tree's groupadd. */
  public static GroupsOptions groups() {
    return GroupsOptions.of(GroupsStage.NAME);
  }

  /** {@code org.osbuild.fstab}: replaces /etc/fstab. */
  public static FstabOptions fstab() {
    return FstabOptions.of(FstabStage.NAME);
  }

  /**
   * {@code org.osbuild.systemd}: unit states and the default target, set with the tree's systemctl.
   */
  public static SystemdOptions systemd() {
    return SystemdOptions.of(SystemdStage.NAME);
  }

  /**
   * {@code org.osbuild.kernel-cmdline}: /etc/kernel/cmdline holds {@code root=UUID=<rootFsUuid>}
   * and {@code kernelOpts}. Either may be null, not both.
   *
   * @throws IllegalArgumentException if both are null
   */
  public static KernelCmdlineOptions kernelCmdline(String rootFsUuid, String kernelOpts) {
    return KernelCmdlineOptions.of(KernelCmdlineStage.NAME, rootFsUuid, kernelOpts);
  }

  /** {@code org.osbuild.mkdir}: directories to create. */
  public static MkdirOptions mkdir() {
    return MkdirOptions.of(MkdirStage.NAME);
  }

  /** {@code org.osbuild.chmod}: modes to change. */
  public static ChmodOptions chmod() {
    return ChmodOptions.of(ChmodStage.NAME);
  }

  /** {@code org.osbuild.copy}: files given inline. */
  public static CopyOptions copy() {
    return CopyOptions.of(CopyStage.NAME);
  }

  /** {@code org.osbuild.script}: a script run chrooted in the tree. */
  public static Stage script(String script) {
    return Stage.of(ScriptStage.NAME, Json.object().put("script", required(script, "script")));
  }

  /** {@code org.osbuild.grub2}: a grub.cfg booting the tree's kernel from this root filesystem. */
  public static Grub2Options grub2(String rootFsUuid) {
    return Grub2Options.of(Grub2Stage.NAME, rootFsUuid);
  }

  /**
   * {@code org.osbuild.mmdebstrap}: a Debian root of {@code suite} ("bookworm", "stable"), made by
   * mmdebstrap.
   */
  public static MmdebstrapOptions mmdebstrap(String suite) {
    return MmdebstrapOptions.of(MmdebstrapStage.NAME, suite);
  }

  /**
   * {@code org.osbuild.apt}: installs {@code packages} with the tree's apt (with none, sets no
   * packages).
   */
  public static AptOptions apt(String... packages) {
    return AptOptions.of(AptStage.NAME, packages);
  }

  /**
   * {@code org.osbuild.dnf}: installs {@code packages} of release {@code releasever} from the
   * repositories given with {@link DnfOptions#withRepo}, with the build root's dnf.
   */
  public static DnfOptions dnf(String releasever, String... packages) {
    return DnfOptions.of(DnfStage.NAME, releasever, packages);
  }

  /** {@code org.osbuild.yum}: the seed's yum stage, the same options, run through dnf. */
  public static DnfOptions yum(String releasever, String... packages) {
    return DnfOptions.of(YumStage.NAME, releasever, packages);
  }

  /**
   * {@code org.osbuild.remove-uniqueness}: empties the machine id and removes what else must differ
   * between machines made from the image (random seed, SSH host keys, leases, ...).
   */
  public static Stage removeUniqueness() {
    return Stage.of(RemoveUniquenessStage.NAME, Json.object());
  }

  /**
   * {@code org.osbuild.ansible}: runs a playbook, given as its YAML text, from the build root's
   * {@code ansible-playbook} against the tree over Ansible's chroot connection.
   */
  public static Stage ansible(String playbook) {
    return Stage.of(
        AnsibleStage.NAME, Json.object().put("playbook", required(playbook, "playbook")));
  }

  /** {@code org.osbuild.ansible} with the playbook as JSON: a list of plays. */
  public static Stage ansible(ArrayNode playbook) {
    return Stage.of(
        AnsibleStage.NAME,
        Json.object().set("playbook", required(playbook, "playbook").deepCopy()));
  }

  /**
   * {@code org.osbuild.selinux}: labels every file of the tree with the SELinux context the
   * policy's {@code file_contexts} (a path in the tree) gives it, as {@code setfiles -F} does.
   *
   * <pre>{@code
   * Stages.selinux("etc/selinux/default/contexts/files/file_contexts")
   * }</pre>
   */
  public static Stage selinux(String fileContexts) {
    return Stage.of(
        SelinuxStage.NAME,
        Json.object().put("file_contexts", required(fileContexts, "file_contexts")));
  }

  private static <T> T required(T value, String option) {
    return Objects.requireNonNull(value, option);
  }
}
