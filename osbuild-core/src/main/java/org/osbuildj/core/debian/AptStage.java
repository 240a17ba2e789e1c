package org.osbuildj.core.debian;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.Schemas;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.spi.StageImplementation;
import org.osbuildj.core.tree.Tree;
import org.osbuildj.core.tree.TreeTimes;

/**
 * {@code org.osbuild.apt}: installs and removes packages in a Debian tree with the tree's own apt,
 * chrooted in the tree. Services are kept from starting (a {@code policy-rc.d} that says no), the
 * host's resolver configuration is lent to the tree for the install only, and apt's caches, package
 * lists and logs are cleaned from the tree afterwards.
 */
public final class AptStage implements StageImplementation {
  public static final String NAME = "org.osbuild.apt";
  private static final String POLICY_RC_D = "usr/sbin/policy-rc.d";
  private static final String RESOLV_CONF = "etc/resolv.conf";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> optionsSchema() {
    return Optional.of(Schemas.resource(AptStage.class, "org.osbuild.apt.schema.json"));
  }

  @Override
  public boolean needsNetwork(Options options) {
    return !options.strings("packages").isEmpty() || options.bool("update", true);
  }

  @Override
  public void run(StageContext context) throws Exception {
    PackageProgress.reportTo(context);
    Tree tree = context.tree();
    if (!tree.isRegularFile("usr/bin/apt-get")) {
      throw new IllegalStateException(
          "the tree has no /usr/bin/apt-get: org.osbuild.apt needs a Debian tree "
              + "(run org.osbuild.mmdebstrap first)");
    }
    try (FileLoan policy =
            FileLoan.of(
                tree,
                POLICY_RC_D,
                "#!/bin/sh\n# osbuild: no services start while building\nexit 101\n",
                0755);
        FileLoan resolver = FileLoan.of(tree, RESOLV_CONF, hostResolver(), 0644)) {
      Options options = context.options();
      if (options.bool("update", true)) {
        apt(context, List.of("update"));
      }
      List<String> install = options.strings("packages");
      if (!install.isEmpty()) {
        List<String> args =
            new ArrayList<>(
                List.of(
                    "install",
                    "-y",
                    "-o",
                    "Dpkg::Options::=--force-confdef",
                    "-o",
                    "Dpkg::Options::=--force-confold"));
        if (!options.bool("install_recommends", false)) args.add("--no-install-recommends");
        args.addAll(install);
        apt(context, args);
      }
      List<String> remove = options.strings("remove");
      if (!remove.isEmpty()) {
        List<String> args = new ArrayList<>(List.of("purge", "-y"));
        args.addAll(remove);
        apt(context, args);
      }
      apt(context, List.of("clean"));
    }
    cleanUp(tree);
    if (context.sourceDateEpoch().isPresent()) {
      TreeTimes.clamp(tree, context.sourceDateEpoch().get());
    }
  }

  private static void apt(StageContext context, List<String> args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("apt-get", "-q"));
    argv.addAll(args);
    Command command = Command.of(argv).withEnvironment("DEBIAN_FRONTEND", "noninteractive");
    if (context.sourceDateEpoch().isPresent()) {
      command =
          command.withEnvironment(
              "SOURCE_DATE_EPOCH", Long.toString(context.sourceDateEpoch().get().getEpochSecond()));
    }
    context.sandbox().execInTree(command).orThrow();
  }

  /** What apt leaves that differs from run to run, or that only the build needed. */
  static void cleanUp(Tree tree) throws Exception {
    if (tree.isDirectory("var/lib/apt/lists")) {
      for (String entry : tree.list("var/lib/apt/lists")) {
        if (!entry.equals("partial") && !entry.equals("lock"))
          tree.deleteRecursively("var/lib/apt/lists/" + entry);
      }
    }
    for (String log :
        List.of(
            "var/log/apt/history.log",
            "var/log/apt/term.log",
            "var/log/apt/eipp.log.xz",
            "var/log/dpkg.log",
            "var/log/alternatives.log",
            "var/cache/ldconfig/aux-cache",
            "var/cache/debconf/config.dat-old",
            "var/cache/debconf/templates.dat-old")) {
      tree.delete(log);
    }
  }

  private static String hostResolver() throws Exception {
    Path host = Path.of("/etc/resolv.conf");
    return Files.isReadable(host) ? Files.readString(host) : "";
  }
}
