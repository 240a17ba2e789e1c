package org.osbuildj.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scenarios 2 and 3, on the store a cold build left: the same manifest again (nothing to do but
 * copy the kept image out), and the manifest with only its hostname changed (that stage, the stages
 * after it and the assembler run).
 */
final class RebuildScenario {
  private static final double NOOP_TARGET_SECONDS = 2.0;
  private static final double INCREMENTAL_TARGET = 0.25;

  private final BenchContext context;
  private final Path store;

  RebuildScenario(BenchContext context, Path store) {
    this.context = context;
    this.store = store;
  }

  void run(Samples coldBuild) throws IOException, InterruptedException {
    Path out = context.freshDirectory("rebuild-out");
    // Once untimed: the output directory then holds the image, as it does for a user who rebuilds.
    build("noop-first", context.referenceManifest(), out);
    List<Double> noop = new ArrayList<>();
    for (int i = 1; i <= context.mode.noopRuns; i++) {
      context.settle();
      noop.add(build("noop-" + i, context.referenceManifest(), out).seconds());
    }
    Samples noopSamples = Samples.of(noop);
    context.report.add(
        Row.seconds(
                "2 no-op rebuild",
                "`bin/osbuild` on an unchanged manifest (JVM included)",
                noopSamples)
            .withTarget("< 2 s", noopSamples.median() < NOOP_TARGET_SECONDS),
        context.progress);

    List<Double> incremental = new ArrayList<>();
    List<String> ran = new ArrayList<>();
    for (int i = 1; i <= context.mode.incrementalRuns; i++) {
      Path manifest = withHostname("bench-" + ProcessHandle.current().pid() + "-" + i);
      context.settle();
      TimedRun.Result result = build("incremental-" + i, manifest, out);
      incremental.add(result.seconds());
      if (i == 1) ran = stepsThatRan(result.stdoutText());
    }
    Samples incrementalSamples = Samples.of(incremental);
    context.report.add(
        Row.seconds("3 incremental rebuild", "hostname changed (JVM included)", incrementalSamples),
        context.progress);
    double share = incrementalSamples.median() / coldBuild.median();
    context.report.add(
        new Row(
                "3 incremental rebuild",
                "share of the cold build (medians)",
                Row.format("%.1f %%", share * 100),
                "-",
                incrementalSamples.count(),
                "",
                Optional.empty())
            .withTarget("< 25 %", share < INCREMENTAL_TARGET),
        context.progress);
    context.report.note("incremental rebuild ran: " + String.join(", ", ran), context.progress);
    context.remove(out);
  }

  private TimedRun.Result build(String name, Path manifest, Path out)
      throws IOException, InterruptedException {
    return context.osbuild(
        name,
        List.of(
            "--store",
            store.toString(),
            "-o",
            out.toString(),
            "--json",
            "--progress=plain",
            manifest.toString()));
  }

  /** The reference manifest with another hostname, written to the work directory. */
  private Path withHostname(String hostname) throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode manifest = json.readTree(context.referenceManifest().toFile());
    boolean changed = false;
    for (JsonNode stage : manifest.path("stages")) {
      if (stage.path("name").asText().equals("org.osbuild.hostname")) {
        ((ObjectNode) stage.path("options")).put("hostname", hostname);
        changed = true;
      }
    }
    if (!changed) {
      throw new BenchException(
          context.referenceManifest() + " has no org.osbuild.hostname stage to change");
    }
    Path file = context.work.resolve("manifest-" + hostname + ".json");
    json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), manifest);
    return file;
  }

  private static List<String> stepsThatRan(String launcherJson) throws IOException {
    JsonNode report = new ObjectMapper().readTree(launcherJson);
    List<String> ran = new ArrayList<>();
    for (JsonNode pipeline : report.path("pipelines")) {
      for (JsonNode stage : pipeline.path("stages")) {
        if (!stage.path("cached").asBoolean()) ran.add(stage.path("name").asText());
      }
    }
    JsonNode assembler = report.path("assembler");
    if (assembler.isObject() && !assembler.path("cached").asBoolean())
      ran.add(assembler.path("name").asText());
    return ran;
  }
}
