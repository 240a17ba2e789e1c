package org.osbuildj.examples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.osbuildj.core.host.Host;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/bench}: measures the reference image's builds against the shell script that runs the
 * same tools and against mkosi, and the store's and the isolation's costs; prints a table and, in
 * full mode, writes it to {@code osbuild-examples/BENCHMARKS.md}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measures osbuild-java's builds; prints medians and spreads over repeated runs.")
public final class BenchMain implements Callable<Integer> {
  @Option(
      names = "--full",
      description =
          "repeat each scenario (3 cold builds, 5 no-op rebuilds...), add the 1 GiB "
              + "snapshot and the mkosi peer, and write the report; the default is the quick mode CI runs")
  boolean full;

  @Option(
      names = "--work",
      description = "scratch directory, emptied first and after (default: ${DEFAULT-VALUE})")
  Path work = Path.of("/var/tmp/osbuild-bench");

  @Option(
      names = "--report",
      description =
          "write the report here (default: osbuild-examples/BENCHMARKS.md with "
              + "--full, none otherwise)")
  Path reportFile;

  @Option(
      names = "--package-cache",
      description =
          "a warm debian-packages cache to start the cold builds from "
              + "(default: the test suite's, else a warm-up build)")
  Path packageCache;

  @Option(
      names = "--only",
      split = ",",
      description = "scenarios to run: ${COMPLETION-CANDIDATES} (default: all)")
  List<Scenario> only = List.of(Scenario.values());

  @Option(names = "--top", hidden = true, description = "the checkout (bin/bench passes it)")
  Path top = Path.of("").toAbsolutePath();

  /** The scenarios, by the names {@code --only} takes. */
  enum Scenario {
    cold,
    rebuild,
    snapshot,
    isolation,
    peer,
    shared,
    platforms
  }

  private final PrintStream out;

  BenchMain(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new BenchMain(System.out))
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!Host.isRoot()) {
      System.err.println(
          "bench: run it as root: the builds it measures need namespaces and mmdebstrap --mode=root");
      return 2;
    }
    BenchMode mode = full ? BenchMode.FULL : BenchMode.QUICK;
    Instant start = Instant.now();
    BenchContext context = new BenchContext(top, work, mode, out);
    context.remove(work);
    Files.createDirectories(work);
    // Once untimed: bin/osbuild builds the launcher's jar when the sources are newer than it.
    context.osbuild("prepare-launcher", List.of("--help"));
    try {
      runScenarios(context, mode);
    } finally {
      cleanUp(context);
    }
    String command = "osbuild-examples/bin/bench" + (full ? " --full" : "");
    Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    out.println();
    out.println(context.report.table());
    Optional<Path> target =
        Optional.ofNullable(reportFile)
            .or(
                () ->
                    full
                        ? Optional.of(top.resolve("osbuild-examples/BENCHMARKS.md"))
                        : Optional.empty());
    if (target.isPresent()) {
      List<String> charts = ReportCharts.write(context.report.charts(), target.get(), end);
      String document =
          ReportDocument.render(
              context.report, Machine.current(), command, start, end, charts, existingAnalysis());
      Files.writeString(target.get(), document);
      out.println("bench: report written to " + target.get());
    }
    return 0;
  }

  private void runScenarios(BenchContext context, BenchMode mode) throws Exception {
    if (only.contains(Scenario.cold)
        || only.contains(Scenario.rebuild)
        || only.contains(Scenario.peer)
        || only.contains(Scenario.shared)
        || only.contains(Scenario.platforms)) {
      WarmPackageCache cache = WarmPackageCache.prepare(context, Optional.ofNullable(packageCache));
      Optional<PeerBuild> peer =
          mode.peer && only.contains(Scenario.peer) ? PeerBuild.find(context) : Optional.empty();
      ColdBuildScenario coldBuild = new ColdBuildScenario(context, cache, peer);
      coldBuild.run();
      if (only.contains(Scenario.rebuild)) {
        new RebuildScenario(context, coldBuild.lastStore()).run(coldBuild.ours());
      }
      if (only.contains(Scenario.platforms)) {
        new PlatformScenario(context, coldBuild.lastStore()).run(coldBuild.ours());
      }
      if (only.contains(Scenario.shared)) new SharedStoreScenario(context, cache).run();
    }
    if (only.contains(Scenario.snapshot)) new StoreScenario(context).run();
    if (only.contains(Scenario.isolation)) new IsolationScenario(context).run();
  }

  /** Everything but the logs goes: stores and images are large. */
  private static void cleanUp(BenchContext context) throws IOException, InterruptedException {
    try (var entries = Files.list(context.work)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals("logs")) context.remove(entry);
      }
    }
    context.say("logs of every run kept in " + context.work.resolve("logs"));
  }

  /** What a person wrote below the generated figures in the current report, kept on rewrite. */
  private Optional<String> existingAnalysis() throws IOException {
    Path current =
        Optional.ofNullable(reportFile).orElse(top.resolve("osbuild-examples/BENCHMARKS.md"));
    if (!Files.isRegularFile(current)) return Optional.empty();
    String text = Files.readString(current);
    int marker = text.indexOf(ReportDocument.ANALYSIS_MARKER);
    return marker < 0
        ? Optional.empty()
        : Optional.of(text.substring(marker + ReportDocument.ANALYSIS_MARKER.length()));
  }
}
