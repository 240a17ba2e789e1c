package org.osbuildj.core.rpm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osbuildj.core.debian.PackageProgress;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.isolation.Capability;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.Schemas;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.spi.StageImplementation;
import org.osbuildj.core.tree.TreeTimes;

/**
 * {@code org.osbuild.dnf}: installs RPM packages into the tree with the build root's dnf ({@code
 * --installroot}), the tree getting its own rpm database, as the osbuild seed's stage did: only the
 * manifest's repositories, weak dependencies off, {@code $releasever} from the options and {@code
 * $basearch} from the host (or the options). Scriptlets run chrooted in the tree, with {@code
 * /proc}, {@code /dev} and {@code /sys} mounted there for dnf's run only.
 *
 * <p>When the store keeps caches, dnf's metadata and every package it downloaded are kept in the
 * store's {@code rpm-packages} cache and used again: a rebuild downloads nothing it has, uses the
 * metadata it had (so it installs the same packages, and works offline) unless {@code
 * refresh_metadata} says otherwise.
 */
public class DnfStage implements StageImplementation {
  public static final String NAME = "org.osbuild.dnf";
  static final String CACHE = "rpm-packages";
  private static final String CONFIG = "/tmp/osbuild-dnf/dnf.conf";
  private static final String HOME = "/tmp/osbuild-dnf/home";
  private static final String LOGS = "/tmp/osbuild-dnf/logs";

  private final String name;

  public DnfStage() {
    this(NAME);
  }

  DnfStage(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<String> optionsSchema() {
    return Optional.of(Schemas.resource(DnfStage.class, "org.osbuild.dnf.schema.json"));
  }

  @Override
  public boolean needsNetwork(Options options) {
    return true;
  }

  @Override
  public List<String> caches(Options options) {
    return List.of(CACHE);
  }

  /** Mounting {@code /proc} in the tree for the scriptlets, in the command's own namespaces. */
  @Override
  public java.util.Set<Capability> capabilities(Options options) {
    return java.util.Set.of(Capability.SYS_ADMIN);
  }

  @Override
  public List<HostTool> requiredTools(Options options) {
    return List.of(
        HostTool.of("dnf", "dnf"), HostTool.of("rpm", "rpm"), HostTool.of("mount", "mount"));
  }

  @Override
  public void run(StageContext context) throws Exception {
    PackageProgress.reportTo(context);
    Options options = context.options();
    Sandbox sandbox = context.sandbox();
    Optional<String> cache = sandbox.cacheInRoot(CACHE);
    boolean refresh = options.bool("refresh_metadata", false);
    Map<String, String> main = new LinkedHashMap<>();
    main.put("install_weak_deps", "False");
    main.put("keepcache", "True");
    // Kept metadata never expires unless asked: the same packages on every rebuild, offline too.
    main.put("metadata_expire", refresh || cache.isEmpty() ? "0" : "-1");
    JsonNode repos = options.json().get("repos");
    if (cache.isPresent()) {
      repos = new GpgKeyCache(sandbox, cache.get(), context::log).keep(repos, refresh);
    }
    String config = DnfConfiguration.render(repos, main);
    context.log(
        name
            + ": "
            + String.join(" ", options.strings("packages"))
            + (name.equals(NAME) ? "" : " (through dnf: yum's options mean the same to it)"));
    String tree = sandbox.treeInRoot();
    String script =
        "set -e\n"
            + "mkdir -p "
            + HOME
            + " "
            + LOGS
            + "\n"
            + "cat > "
            + CONFIG
            + "\n"
            // Debian's rpm keeps its database in ~/.rpmdb; the tree's belongs in the tree. /dev,
            // /proc and /sys are this run's mount points, whose owners the user namespace cannot
            // change: rpm leaves them as they are (as "net shared"), making only the directories.
            + "printf '%%_dbpath %s\\n%%_netsharedpath /dev:/proc:/sys\\n' \"$OSBUILD_DBPATH\" > "
            + HOME
            + "/.rpmmacros\n"
            + "for d in proc dev sys; do mkdir -p \"$OSBUILD_TREE/$d\"; done\n"
            + "mount -t proc proc \"$OSBUILD_TREE/proc\"\n"
            + "mount --rbind /dev \"$OSBUILD_TREE/dev\"\n"
            + "mount --rbind /sys \"$OSBUILD_TREE/sys\"\n"
            + "exec \"$@\"\n";
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", script, "dnf"));
    argv.addAll(dnfArguments(options, tree, cache));
    Command command =
        Command.of(argv)
            .withStdin(config)
            .withEnvironment("HOME", HOME)
            .withEnvironment("OSBUILD_TREE", tree)
            .withEnvironment("OSBUILD_DBPATH", options.string("dbpath", "/usr/lib/sysimage/rpm"));
    if (context.sourceDateEpoch().isPresent()) {
      command =
          command.withEnvironment(
              "SOURCE_DATE_EPOCH", Long.toString(context.sourceDateEpoch().get().getEpochSecond()));
    }
    command = command.withEnvironment(dnfVariables(System.getenv()));
    sandbox.exec(command).orThrow();
    if (context.sourceDateEpoch().isPresent()) {
      TreeTimes.clamp(context.tree(), context.sourceDateEpoch().get());
    }
  }

  /**
   * dnf's own variables from the environment ({@code DNF_VAR_name} for {@code $name}, {@code
   * DNF0}..{@code DNF9}): how a manifest names a repository that differs between sites (a local
   * mirror, a test repository) while its ids stay the same, as {@code $releasever} does.
   */
  static Map<String, String> dnfVariables(Map<String, String> environment) {
    Map<String, String> variables = new java.util.TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.matches("DNF_VAR_[A-Za-z0-9_]+|DNF[0-9]")) variables.put(name, value);
        });
    return variables;
  }

  /**
   * dnf's command line. dnf puts its cache and log directories under the install root whatever they
   * are set to; a path that climbs out of the tree's mount point ({@code /../../..}) takes them to
   * the store's cache and the sandbox's tmpfs instead, so neither lands in the image.
   */
  static List<String> dnfArguments(Options options, String tree, Optional<String> cache) {
    String out = "/..".repeat((int) tree.chars().filter(c -> c == '/').count());
    List<String> argv =
        new ArrayList<>(
            List.of(
                "dnf",
                "-y",
                "-v",
                "--installroot",
                tree,
                "--config",
                CONFIG,
                "--releasever",
                options.string("releasever"),
                "--rpmverbosity",
                options.string("verbosity", "info"),
                "--setopt",
                "cachedir=" + out + cache.orElse("/tmp/osbuild-dnf/cache"),
                "--setopt",
                "logdir=" + out + LOGS));
    Optional<String> basearch = options.optionalString("basearch");
    if (basearch.isPresent()) {
      argv.add("--forcearch");
      argv.add(basearch.get());
    }
    argv.add(options.string("operation", "install"));
    argv.addAll(options.strings("packages"));
    return argv;
  }
}
