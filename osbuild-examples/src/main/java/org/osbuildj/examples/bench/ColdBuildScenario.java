package org.osbuildj.examples.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Scenarios 1, 6 and 7: the reference image built from nothing (but a warm package cache) by our
 * launcher, by the plain shell script that runs the same tools and, in full mode, by mkosi, in
 * alternation so that all see the same machine; the JVM's peak memory is read during our builds.
 */
final class ColdBuildScenario {
  static final String SCRIPT = "reference-image.sh";
  private static final String SCRIPT_CLEANUP_STEP = "cleanup";
  static final double RATIO_TARGET = 1.03;
  private static final long MEMORY_TARGET = 300L << 20;

  private final BenchContext context;
  private final WarmPackageCache cache;
  private final Optional<PeerBuild> peer;
  private Path lastStore;
  private Samples ours;

  ColdBuildScenario(BenchContext context, WarmPackageCache cache, Optional<PeerBuild> peer) {
    this.context = context;
    this.cache = cache;
    this.peer = peer;
  }

  /** The store of the last cold build: every tree of the reference image, for the rebuilds. */
  Path lastStore() {
    return lastStore;
  }

  /** Our cold builds' times, in seconds. */
  Samples ours() {
    return ours;
  }

  void run() throws IOException, InterruptedException {
    List<Double> oursSeconds = new ArrayList<>();
    List<Double> scriptSeconds = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<Double> outsideSteps = new ArrayList<>();
    List<Double> peaks = new ArrayList<>();
    Map<String, List<Double>> ourSteps = new LinkedHashMap<>();
    Map<String, List<Double>> scriptSteps = new LinkedHashMap<>();
    List<Double> peerSeconds = new ArrayList<>();
    if (peer.isPresent()) peer.get().warmUp();
    for (int i = 1; i <= context.mode.coldRuns; i++) {
      context.say("cold build " + i + "/" + context.mode.coldRuns + ": osbuild-java");
      TimedRun.Result our = buildOurs(i);
      StepTimes steps = StepTimes.fromLauncherJson(our.stdoutText());
      oursSeconds.add(our.seconds());
      outsideSteps.add(our.seconds() - steps.total());
      our.peakRssBytes().ifPresent(bytes -> peaks.add(bytes / (double) (1L << 20)));
      collect(ourSteps, steps);

      context.say("cold build " + i + "/" + context.mode.coldRuns + ": plain shell script");
      TimedRun.Result script = buildScript(i);
      StepTimes scriptTimes = StepTimes.fromScriptMarkers(script.stderrLines());
      // The script ends by deleting its tree; our build keeps it in the store: not the same work.
      double scriptBuilding =
          script.seconds() - scriptTimes.seconds().getOrDefault(SCRIPT_CLEANUP_STEP, 0.0);
      scriptSeconds.add(scriptBuilding);
      collect(scriptSteps, scriptTimes);
      ratios.add(our.seconds() / scriptBuilding);

      if (peer.isPresent()) {
        context.say("cold build " + i + "/" + context.mode.coldRuns + ": mkosi");
        peerSeconds.add(peer.get().buildOnce("cold-mkosi-" + i));
      }
    }
    ours = Samples.of(oursSeconds);
    Samples script = Samples.of(scriptSeconds);
    Report report = context.report;
    report.add(
        Row.seconds("1 cold build", "osbuild-java, `bin/osbuild` (JVM included)", ours),
        context.progress);
    report.add(
        Row.seconds(
            "1 cold build",
            "plain shell script, same tools (until its final rm -rf of the tree)",
            script),
        context.progress);
    double ratio = ours.median() / script.median();
    Samples pairRatios = Samples.of(ratios);
    report.add(
        new Row(
                "1 cold build",
                "ratio osbuild-java / script (medians; spread of pairs)",
                Row.format("%.3f", ratio),
                pairRatios.spread("%.3f"),
                pairRatios.count(),
                "",
                Optional.empty())
            .withTarget("≤ " + RATIO_TARGET, ratio <= RATIO_TARGET),
        context.progress);
    report.add(
        Row.seconds(
            "1 cold build",
            "osbuild-java outside stages (JVM, checks, store, sandboxes)",
            Samples.of(outsideSteps)),
        context.progress);
    if (!peaks.isEmpty()) {
      Samples memory = Samples.of(peaks);
      report.add(
          new Row(
                  "6 memory",
                  "JVM peak resident memory (VmHWM) during the cold build",
                  Row.format("%.0f MiB", memory.median()),
                  memory.spread("%.0f"),
                  memory.count(),
                  "",
                  Optional.empty())
              .withTarget("< 300 MiB", memory.max() < MEMORY_TARGET / (double) (1L << 20)),
          context.progress);
    }
    if (!peerSeconds.isEmpty()) {
      Samples mkosi = Samples.of(peerSeconds);
      report.add(
          Row.seconds(
              "7 peer",
              "mkosi 14, the same image, package cache warm (what differs: below)",
              mkosi),
          context.progress);
      report.add(
          new Row(
              "7 peer",
              "ratio osbuild-java / mkosi (medians)",
              Row.format("%.2f", ours.median() / mkosi.median()),
              "-",
              mkosi.count(),
              "",
              Optional.empty()),
          context.progress);
    }
    report
        .charts()
        .coldSteps(
            new ChartData.ColdSteps(
                medians(ourSteps, ""),
                Samples.of(outsideSteps).median(),
                medians(scriptSteps, SCRIPT_CLEANUP_STEP),
                peerSeconds.isEmpty()
                    ? OptionalDouble.empty()
                    : OptionalDouble.of(Samples.of(peerSeconds).median()),
                ours.median(),
                script.median()));
    report.note(
        "cold build, osbuild-java, median seconds per step: " + describe(ourSteps),
        context.progress);
    report.note(
        "cold build, shell script, median seconds per step: " + describe(scriptSteps),
        context.progress);
  }

  private TimedRun.Result buildOurs(int run) throws IOException, InterruptedException {
    if (lastStore != null) context.remove(lastStore);
    Path store = context.freshDirectory("cold-store");
    cache.copyTo(context, store.resolve("caches/debian-packages"));
    Path out = context.freshDirectory("cold-out");
    context.settle();
    TimedRun.Result result =
        context.osbuild(
            "cold-osbuild-" + run,
            List.of(
                "--store",
                store.toString(),
                "-o",
                out.toString(),
                "--json",
                "--progress=plain",
                context.referenceManifest().toString()));
    lastStore = store;
    return result;
  }

  private TimedRun.Result buildScript(int run) throws IOException, InterruptedException {
    Path scratch = context.freshDirectory("script-run");
    Path scriptCache = scratch.resolve("package-cache");
    cache.copyTo(context, scriptCache);
    Path out = context.freshDirectory("script-out");
    context.settle();
    try {
      return TimedRun.run(
          List.of(
              "bash",
              context.benchFile(SCRIPT).toString(),
              scratch.resolve("work").toString(),
              out.resolve("debian-bookworm.qcow2").toString(),
              scriptCache.toString()),
          Map.of(),
          context.logPrefix("cold-script-" + run));
    } finally {
      context.remove(scratch);
      context.remove(out);
    }
  }

  private static void collect(Map<String, List<Double>> into, StepTimes steps) {
    steps
        .seconds()
        .forEach(
            (name, seconds) -> into.computeIfAbsent(name, k -> new ArrayList<>()).add(seconds));
  }

  /** Each step's median, but for {@code left out} (the script's cleanup is not building). */
  private static Map<String, Double> medians(Map<String, List<Double>> steps, String leftOut) {
    Map<String, Double> medians = new LinkedHashMap<>();
    steps.forEach(
        (name, values) -> {
          if (!name.equals(leftOut)) medians.put(name, Samples.of(values).median());
        });
    return medians;
  }

  private static String describe(Map<String, List<Double>> steps) {
    List<String> parts = new ArrayList<>();
    steps.forEach(
        (name, values) -> parts.add(Row.format("%s %.1f", name, Samples.of(values).median())));
    return String.join(", ", parts);
  }
}
