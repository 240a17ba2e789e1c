package org.osbuildj.core.debian;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.stage.Schemas;
import org.osbuildj.core.stage.StageContext;
import org.osbuildj.core.stage.StageImplementation;
import org.osbuildj.core.tree.TreeTimes;

/**
 * {@code org.osbuild.mmdebstrap}: creates a Debian root in the tree with mmdebstrap, run from the
 * build root (which must have mmdebstrap: the host's, or a build pipeline's). The mirror comes from
 * the {@code mirror} option, {@code OSBUILD_DEBIAN_MIRROR}, or the host's apt sources. The tree
 * gets no {@code /etc/resolv.conf} or {@code /etc/hostname} from the build machine (set the hostname
 * with {@code org.osbuild.hostname}); with {@code SOURCE_DATE_EPOCH} its times are clamped to it.
 */
public final class MmdebstrapStage implements StageImplementation {
  public static final String NAME = "org.osbuild.mmdebstrap";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> optionsSchema() {
    return Optional.of(Schemas.resource(MmdebstrapStage.class, "org.osbuild.mmdebstrap.schema.json"));
  }

  @Override
  public boolean needsNetwork(Options options) {
    return true;
  }

  @Override
  public void run(StageContext context) throws Exception {
    Options options = context.options();
    String mirror = DebianMirror.resolve(options.optionalString("mirror"), System.getenv(), Path.of("/etc/apt"));
    context.log("mmdebstrap: " + options.string("suite") + " from " + mirror);
    Command command = Command.of(arguments(options, context.sandbox().treeInRoot(), mirror))
        .withEnvironment("DEBIAN_FRONTEND", "noninteractive");
    if (context.sourceDateEpoch().isPresent()) {
      command = command.withEnvironment("SOURCE_DATE_EPOCH",
          Long.toString(context.sourceDateEpoch().get().getEpochSecond()));
    }
    context.sandbox().exec(command).orThrow();
    if (context.sourceDateEpoch().isPresent()) {
      // mmdebstrap stamps what dpkg's maintainer scripts write (passwd, ld.so.cache) with the build's time.
      TreeTimes.clamp(context.tree(), context.sourceDateEpoch().get());
    }
  }

  /** The mmdebstrap command line for these options. */
  static List<String> arguments(Options options, String target, String mirror) {
    List<String> argv = new ArrayList<>(List.of("mmdebstrap", "--mode=root"));
    argv.add("--variant=" + options.string("variant", "important"));
    List<String> components = options.strings("components");
    if (!components.isEmpty()) argv.add("--components=" + String.join(",", components));
    List<String> include = options.strings("include");
    if (!include.isEmpty()) argv.add("--include=" + String.join(",", include));
    options.optionalString("architecture").ifPresent(arch -> argv.add("--architectures=" + arch));
    options.strings("aptopt").forEach(opt -> argv.add("--aptopt=" + opt));
    options.strings("dpkgopt").forEach(opt -> argv.add("--dpkgopt=" + opt));
    options.strings("keyring").forEach(keyring -> argv.add("--keyring=" + keyring));
    // mmdebstrap copies the host's resolver and hostname into the tree and leaves them there: the
    // image would carry the build machine's, and differ from one machine to the next.
    argv.add("--customize-hook=rm -f \"$1/etc/resolv.conf\" \"$1/etc/hostname\"");
    argv.add(options.string("suite"));
    argv.add(target);
    argv.add(mirror);
    return argv;
  }
}
