package org.osbuildj.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scenario 7's builder: the same image made by mkosi (Debian's package), through {@code
 * bench/mkosi/build.sh}, which holds the configuration and what this kind of machine needs. Its
 * builds alternate with our cold builds, so that all of them see the same machine.
 */
final class PeerBuild {
  static final String BUILD_SCRIPT = "mkosi/build.sh";

  /** Where build.sh keeps mkosi's package cache between runs. */
  private static final Path MKOSI_PACKAGES = Path.of("/var/tmp/mkosi-bench-cache/packages");

  private final BenchContext context;
  private final Path script;

  private PeerBuild(BenchContext context, Path script) {
    this.context = context;
    this.script = script;
  }

  /** The peer, when its script is there and mkosi is installed; else a note says why not. */
  static Optional<PeerBuild> find(BenchContext context) {
    Path script = context.benchFile(BUILD_SCRIPT);
    if (!Files.isRegularFile(script)) {
      context.report.note("peer: no " + script + "; mkosi not measured", context.progress);
      return Optional.empty();
    }
    if (!onPath("mkosi")) {
      context.report.note(
          "peer: mkosi is not installed (apt-get install mkosi); not measured", context.progress);
      return Optional.empty();
    }
    return Optional.of(new PeerBuild(context, script));
  }

  /** As for our cold builds, mkosi's start with its package cache warm: filled once if empty. */
  void warmUp() throws IOException, InterruptedException {
    if (Files.isDirectory(MKOSI_PACKAGES)) return;
    double seconds = buildOnce("peer-mkosi-warm-up");
    context.report.note(
        Row.format(
            "peer warm-up build (fills mkosi's package cache, not counted): %.1f s", seconds),
        context.progress);
  }

  double buildOnce(String name) throws IOException, InterruptedException {
    Path out = context.freshDirectory("peer-out");
    context.settle();
    try {
      return TimedRun.run(
              List.of("bash", script.toString(), out.toString()), Map.of(), context.logPrefix(name))
          .seconds();
    } finally {
      context.remove(out);
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) return true;
    }
    return false;
  }
}
