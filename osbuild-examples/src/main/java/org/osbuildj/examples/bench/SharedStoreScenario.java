package org.osbuildj.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.examples.registry.LocalRegistry;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.object.StoredObject;

/**
 * Scenario 8, the store shared through a registry (Debian's docker-registry with TLS and a
 * password, started for the run): machine A's cold build of the reference image pushing every tree,
 * alternated with the same cold build not pushing; then machine B, with an empty store, building
 * the same manifest from the registry; and the bytes A pushed against the size of its trees.
 */
final class SharedStoreScenario {
  static final double FROM_REGISTRY_TARGET = 0.15;
  static final double PUSH_OVERHEAD_TARGET = 0.05;
  private static final String ASSEMBLER = "org.osbuild.qcow2";

  private final BenchContext context;
  private final WarmPackageCache cache;

  SharedStoreScenario(BenchContext context, WarmPackageCache cache) {
    this.context = context;
    this.cache = cache;
  }

  void run() throws Exception {
    if (!LocalRegistry.available()) {
      throw new BenchException(
          "the shared-store scenario needs docker-registry, openssl and python3 (.ci/run installs"
              + " them)");
    }
    List<Double> notPushing = new ArrayList<>();
    List<Double> pushing = new ArrayList<>();
    List<Double> fromRegistry = new ArrayList<>();
    List<Double> overheads = new ArrayList<>();
    long pushedBytes = 0;
    long treeBytes = 0;
    Path registryDir = context.freshDirectory("registry");
    try (LocalRegistry registry = LocalRegistry.start(registryDir)) {
      Map<String, String> environment =
          Map.of(
              "REGISTRY_AUTH_FILE",
              registry
                  .authFile("auth.json", LocalRegistry.USER, LocalRegistry.PASSWORD)
                  .toString());
      for (int i = 1; i <= context.mode.sharedStoreRuns; i++) {
        String remote = registry.address("bench/run-" + i);
        List<String> remoteOptions =
            List.of(
                "--remote-store", remote, "--remote-store-ca", registry.caCertificate().toString());
        String run = i + "/" + context.mode.sharedStoreRuns;

        context.say("shared store " + run + ": machine A's cold build, not pushing");
        double plain = coldBuild("shared-cold-" + i, List.of(), environment).seconds();
        context.say("shared store " + run + ": machine A's cold build, pushing");
        Path storeA = context.work.resolve("shared-store-a");
        TimedRun.Result withPush = coldBuild("shared-push-" + i, remoteOptions, environment);
        notPushing.add(plain);
        pushing.add(withPush.seconds());
        overheads.add(withPush.seconds() / plain - 1);
        pushedBytes = pushedBytes(withPush.stdoutText());
        treeBytes = treeBytes(storeA);

        context.say("shared store " + run + ": machine B, empty store, from the registry");
        Path storeB = context.freshDirectory("shared-store-b");
        Path outB = context.freshDirectory("shared-out-b");
        context.settle();
        TimedRun.Result b =
            context.osbuild(
                "shared-b-" + i, withManifest(storeB, outB, remoteOptions), environment);
        List<String> ran = stagesThatRan(b.stdoutText());
        if (!ran.isEmpty()) {
          throw new BenchException("machine B ran stages it should have pulled: " + ran);
        }
        fromRegistry.add(b.seconds());
        context.remove(storeB);
        context.remove(outB);
      }
    } finally {
      context.remove(registryDir);
    }
    report(
        Samples.of(notPushing),
        Samples.of(pushing),
        Samples.of(fromRegistry),
        Samples.of(overheads),
        pushedBytes,
        treeBytes);
  }

  private void report(
      Samples cold,
      Samples pushing,
      Samples fromRegistry,
      Samples overheads,
      long pushedBytes,
      long treeBytes) {
    String scenario = "8 shared store";
    Report report = context.report;
    report.add(Row.seconds(scenario, "machine A, cold build, not pushing", cold), context.progress);
    report.add(
        Row.seconds(scenario, "machine A, cold build pushing every tree (TLS, password)", pushing),
        context.progress);
    double overhead = pushing.median() / cold.median() - 1;
    report.add(
        new Row(
                scenario,
                "pushing's cost (medians; spread of pairs)",
                Row.format("%+.1f %%", overhead * 100),
                overheads.count() > 1
                    ? Row.format("%+.1f", overheads.min() * 100)
                        + "–"
                        + Row.format("%+.1f", overheads.max() * 100)
                    : "-",
                overheads.count(),
                "",
                Optional.empty())
            .withTarget(
                Row.format("< %.0f %%", PUSH_OVERHEAD_TARGET * 100),
                overhead < PUSH_OVERHEAD_TARGET),
        context.progress);
    report.add(
        Row.seconds(
            scenario, "machine B, empty store, the same manifest from the registry", fromRegistry),
        context.progress);
    double share = fromRegistry.median() / cold.median();
    report.add(
        new Row(
                scenario,
                "machine B's build as a share of the cold build (medians)",
                Row.format("%.1f %%", share * 100),
                "-",
                fromRegistry.count(),
                "",
                Optional.empty())
            .withTarget(
                Row.format("< %.0f %%", FROM_REGISTRY_TARGET * 100), share < FROM_REGISTRY_TARGET),
        context.progress);
    report.add(
        new Row(
            scenario,
            "bytes pushed (zstd layers) against the trees' size on disk",
            DataSize.ofBytes(pushedBytes).toHumanString()
                + " / "
                + DataSize.ofBytes(treeBytes).toHumanString()
                + Row.format(" = %.2f", treeBytes == 0 ? 0.0 : pushedBytes / (double) treeBytes),
            "-",
            1,
            "",
            Optional.empty()),
        context.progress);
  }

  /** A cold build of the reference image into a fresh store with the warm package cache. */
  private TimedRun.Result coldBuild(
      String name, List<String> extra, Map<String, String> environment)
      throws IOException, InterruptedException {
    Path store = context.freshDirectory("shared-store-a");
    cache.copyTo(context, store.resolve("caches/debian-packages"));
    Path out = context.freshDirectory("shared-out-a");
    context.settle();
    try {
      return context.osbuild(name, withManifest(store, out, extra), environment);
    } finally {
      context.remove(out);
    }
  }

  private List<String> withManifest(Path store, Path out, List<String> extra) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--store", store.toString(), "-o", out.toString(), "--json", "--progress=plain"));
    arguments.addAll(extra);
    arguments.add(context.referenceManifest().toString());
    return arguments;
  }

  private static long pushedBytes(String launcherJson) throws IOException {
    long bytes = 0;
    for (JsonNode pushed :
        new ObjectMapper().readTree(launcherJson).path("remote").path("pushed")) {
      bytes += pushed.path("bytes").asLong();
    }
    return bytes;
  }

  /** What the stored trees take on disk: every stage's layer, not the kept image. */
  private static long treeBytes(Path store) throws IOException {
    try (FileStore opened = FileStore.open(store)) {
      return opened.list().stream()
          .filter(o -> !o.stageName().equals(ASSEMBLER))
          .mapToLong(StoredObject::sizeOnDisk)
          .sum();
    }
  }

  static List<String> stagesThatRan(String launcherJson) throws IOException {
    List<String> ran = new ArrayList<>();
    for (JsonNode pipeline : new ObjectMapper().readTree(launcherJson).path("pipelines")) {
      for (JsonNode stage : pipeline.path("stages")) {
        if (!stage.path("cached").asBoolean()) ran.add(stage.path("name").asText());
      }
    }
    return ran;
  }
}
