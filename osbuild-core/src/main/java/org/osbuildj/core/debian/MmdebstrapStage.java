package org.osbuildj.core.debian;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osbuildj.core.host.ForeignArchitecture;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.isolation.Capability;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.Schemas;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.spi.StageImplementation;
import org.osbuildj.core.tree.TreeTimes;

/**
 * {@code org.osbuild.mmdebstrap}: creates a Debian root in the tree with mmdebstrap, run from the
 * build root (which must have mmdebstrap: the host's, or a build pipeline's). The mirror comes from
 * the {@code mirror} option, {@code OSBUILD_DEBIAN_MIRROR}, or the host's apt sources. The tree
 * gets no {@code /etc/resolv.conf} or {@code /etc/hostname} from the build machine (set the
 * hostname with {@code org.osbuild.hostname}); with {@code SOURCE_DATE_EPOCH} its times are clamped
 * to it.
 *
 * <p>When the store keeps caches, the downloaded packages and the package lists are kept in the
 * store's {@code debian-packages} cache and fed back in: a second build downloads no package it
 * already has, and reuses the lists it fetched (so it installs the same versions, and works with
 * the network cut) until asked for fresh ones with {@code "refresh_package_lists": true}.
 *
 * <p>{@code architecture} other than the host's (arm64 on x86-64) makes a tree whose programs run
 * through QEMU's user-mode emulator: the stage names it in {@link #architectures}, and the executor
 * has it registered with binfmt_misc before the stage runs ({@code
 * org.osbuildj.core.host.Emulators}). {@code initramfs} sets initramfs-tools' module policy in the
 * tree before the kernel is installed ({@link #initramfsHooks}): with {@code "modules": "list"} the
 * one initramfs is a few MB and made in seconds, which matters most under emulation.
 */
public final class MmdebstrapStage implements StageImplementation {
  public static final String NAME = "org.osbuild.mmdebstrap";

  /**
   * In root mode mmdebstrap mounts {@code /proc}, {@code /sys} and binds of {@code /dev} nodes into
   * the tree it makes, and without CAP_SYS_ADMIN it reports success with a wrong tree (no
   * maintainer script sees a {@code /proc}). The mounts land in the command's own mount namespace,
   * owned by its own user namespace; the sandbox's mounts stay locked.
   */
  @Override
  public Set<Capability> capabilities(Options options) {
    return Set.of(Capability.SYS_ADMIN);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> optionsSchema() {
    return Optional.of(
        Schemas.resource(MmdebstrapStage.class, "org.osbuild.mmdebstrap.schema.json"));
  }

  @Override
  public boolean needsNetwork(Options options) {
    return true;
  }

  @Override
  public List<String> caches(Options options) {
    return List.of(PackageCache.NAME);
  }

  @Override
  public List<HostTool> requiredTools(Options options) {
    List<HostTool> tools = new ArrayList<>(List.of(HostTool.of("mmdebstrap", "mmdebstrap")));
    options
        .optionalString("architecture")
        .flatMap(ForeignArchitecture::of)
        .filter(ForeignArchitecture::isForeignHere)
        .ifPresent(
            arch -> {
              tools.addAll(arch.requiredTools());
              // mmdebstrap refuses a foreign architecture without it.
              tools.add(HostTool.of("arch-test", "arch-test"));
            });
    return tools;
  }

  /** The tree's architecture, whose programs dpkg's maintainer scripts run while it is made. */
  @Override
  public List<String> architectures(Options options) {
    return options.optionalString("architecture").map(List::of).orElse(List.of());
  }

  @Override
  public void run(StageContext context) throws Exception {
    PackageProgress.reportTo(context);
    Options options = context.options();
    String mirror =
        DebianMirror.resolve(
            options.optionalString("mirror"), System.getenv(), Path.of("/etc/apt"));
    context.log("mmdebstrap: " + options.string("suite") + " from " + mirror);
    List<String> argv = arguments(options, context.sandbox().treeInRoot(), mirror);
    Optional<PackageCache> cache =
        PackageCache.of(
            context.sandbox(),
            PackageCache.listsKey(
                mirror,
                options.string("suite"),
                options.strings("components"),
                options.optionalString("architecture")));
    if (cache.isPresent()) {
      boolean reuseLists =
          !options.bool("refresh_package_lists", false) && cache.get().hasLists(context.sandbox());
      context.log(
          reuseLists
              ? "mmdebstrap: using the package lists and packages kept in the store"
              : "mmdebstrap: fetching package lists; packages and lists will be kept in the store");
      // The hooks go before the suite, target and mirror, which end the command line.
      argv.addAll(argv.size() - 3, cache.get().mmdebstrapHooks(reuseLists));
    }
    Command command =
        Command.of(argv)
            .withEnvironment("DEBIAN_FRONTEND", "noninteractive")
            // The kernel's postinst hooks skip the initramfs; ONE_INITRAMFS_HOOK makes it once, at
            // the end.
            .withEnvironment("INITRD", "No");
    if (context.sourceDateEpoch().isPresent()) {
      command =
          command.withEnvironment(
              "SOURCE_DATE_EPOCH", Long.toString(context.sourceDateEpoch().get().getEpochSecond()));
    }
    context.sandbox().exec(command).orThrow();
    if (context.sourceDateEpoch().isPresent()) {
      // mmdebstrap stamps what dpkg's maintainer scripts write (passwd, ld.so.cache) with the
      // build's time.
      TreeTimes.clamp(context.tree(), context.sourceDateEpoch().get());
    }
  }

  /**
   * Installing a kernel with initramfs-tools builds the initramfs twice: once in the kernel's
   * postinst hook, and again when initramfs-tools' own trigger runs at the end of the same apt run;
   * each takes about half a minute. With {@code INITRD=No} the hook (of initramfs-tools and of
   * dracut alike) does nothing, and this customize hook builds each kernel's initramfs exactly
   * once, after every package is in place, with whichever generator the tree has.
   */
  static final String ONE_INITRAMFS_HOOK =
      "chroot \"$1\" /bin/sh -c 'command -v linux-version >/dev/null || exit 0; "
          + "for v in $(linux-version list); do [ -e /boot/initrd.img-$v ] && continue; "
          + "if command -v update-initramfs >/dev/null; then update-initramfs -c -k \"$v\"; "
          + "elif command -v dracut >/dev/null; then dracut --force --kver \"$v\" /boot/initrd.img-$v; fi || exit 1; done'";

  /**
   * The {@code initramfs} option as mmdebstrap options: an essential hook, which runs before any
   * package beyond the essential ones (the kernel, initramfs-tools) is installed, writes {@code
   * etc/initramfs-tools/conf.d/osbuild.conf} ({@code MODULES}, {@code FSTYPE}) and {@code
   * etc/initramfs-tools/modules}, so the one initramfs {@link #ONE_INITRAMFS_HOOK} makes is right;
   * dpkg keeps that modules file ({@code force-confold}) when initramfs-tools brings its own.
   */
  static List<String> initramfsHooks(JsonNode initramfs) {
    List<String> lines = new ArrayList<>();
    if (initramfs.hasNonNull("modules")) lines.add("MODULES=" + initramfs.get("modules").asText());
    if (initramfs.hasNonNull("fstype")) lines.add("FSTYPE=" + initramfs.get("fstype").asText());
    List<String> modules = new ArrayList<>();
    initramfs.path("include").forEach(module -> modules.add(module.asText()));
    if (lines.isEmpty() && modules.isEmpty()) return List.of();
    StringBuilder hook =
        new StringBuilder("--essential-hook=mkdir -p \"$1/etc/initramfs-tools/conf.d\"");
    if (!lines.isEmpty()) {
      hook.append(" && printf '%s\\n'");
      // The schema allows only [a-z0-9] values and module names of [A-Za-z0-9_-]: nothing to quote.
      lines.forEach(line -> hook.append(' ').append(line));
      hook.append(" > \"$1/etc/initramfs-tools/conf.d/osbuild.conf\"");
    }
    List<String> hooks = new ArrayList<>();
    if (!modules.isEmpty()) {
      hook.append(" && printf '%s\\n'");
      modules.forEach(module -> hook.append(' ').append(module));
      hook.append(" >> \"$1/etc/initramfs-tools/modules\"");
      hooks.add("--dpkgopt=force-confold");
    }
    hooks.add(0, hook.toString());
    return hooks;
  }

  /** The mmdebstrap command line for these options. */
  static List<String> arguments(Options options, String target, String mirror) {
    // --verbose: apt's and dpkg's own lines ("Unpacking", "Setting up") reach the log, which is
    // where the progress bar and a failure's explanation come from.
    List<String> argv = new ArrayList<>(List.of("mmdebstrap", "--mode=root", "--verbose"));
    argv.add("--variant=" + options.string("variant", "important"));
    List<String> components = options.strings("components");
    if (!components.isEmpty()) argv.add("--components=" + String.join(",", components));
    List<String> include = options.strings("include");
    if (!include.isEmpty()) argv.add("--include=" + String.join(",", include));
    options.optionalString("architecture").ifPresent(arch -> argv.add("--architectures=" + arch));
    options.strings("aptopt").forEach(opt -> argv.add("--aptopt=" + opt));
    options.strings("dpkgopt").forEach(opt -> argv.add("--dpkgopt=" + opt));
    options.strings("keyring").forEach(keyring -> argv.add("--keyring=" + keyring));
    options.get("initramfs").ifPresent(initramfs -> argv.addAll(initramfsHooks(initramfs)));
    // mmdebstrap copies the host's resolver and hostname into the tree and leaves them there: the
    // image would carry the build machine's, and differ from one machine to the next.
    argv.add("--customize-hook=rm -f \"$1/etc/resolv.conf\" \"$1/etc/hostname\"");
    argv.add("--customize-hook=" + ONE_INITRAMFS_HOOK);
    argv.add(options.string("suite"));
    argv.add(target);
    argv.add(mirror);
    return argv;
  }
}
