package org.osbuildj.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scenario 9, other machines' images: the UEFI disk assembler against the BIOS one on the same tree
 * (each run with its own SOURCE_DATE_EPOCH, so the store's kept image is not taken), and, in full
 * mode, the arm64 image built on this x86-64 machine through QEMU's user-mode emulation against the
 * amd64 cold build, both from a warm package cache.
 */
final class PlatformScenario {
  private static final String BIOS_SAMPLE = "debian-bookworm-qcow2.json";
  private static final String UEFI_SAMPLE = "debian-bookworm-uefi-qcow2.json";
  private static final String ARM64_SAMPLE = "debian-bookworm-arm64-qcow2.json";
  private static final long FIRST_EPOCH = 1_700_000_000L;

  private final BenchContext context;
  private final Path store;

  /** {@code store}: a cold build's, holding the reference image's trees. */
  PlatformScenario(BenchContext context, Path store) {
    this.context = context;
    this.store = store;
  }

  void run(Samples amd64ColdBuild) throws Exception {
    List<Double> bios = new ArrayList<>();
    List<Double> uefi = new ArrayList<>();
    Path out = context.freshDirectory("platform-out");
    for (int i = 1; i <= context.mode.assemblerRuns; i++) {
      Map<String, String> epoch = Map.of("SOURCE_DATE_EPOCH", Long.toString(FIRST_EPOCH + i));
      context.say("assemblers " + i + "/" + context.mode.assemblerRuns + ": BIOS, then UEFI");
      bios.add(assemblerSeconds("assembler-bios-" + i, BIOS_SAMPLE, out, epoch));
      uefi.add(assemblerSeconds("assembler-uefi-" + i, UEFI_SAMPLE, out, epoch));
    }
    context.remove(out);
    String scenario = "9 platforms";
    Samples biosSamples = Samples.of(bios);
    Samples uefiSamples = Samples.of(uefi);
    context.report.add(
        Row.seconds(scenario, "qcow2 assembler, `boot: bios` (GRUB in the MBR gap)", biosSamples),
        context.progress);
    context.report.add(
        Row.seconds(
            scenario, "qcow2 assembler, `boot: uefi` (GPT, ESP by mkfs.fat + mtools)", uefiSamples),
        context.progress);
    context.report.add(
        ratio(scenario, "UEFI assembler / BIOS assembler (medians)", uefiSamples, biosSamples),
        context.progress);
    if (context.mode.arm64) arm64(scenario, amd64ColdBuild);
  }

  /** A cold arm64 build after an untimed one that fills its package cache. */
  private void arm64(String scenario, Samples amd64ColdBuild) throws Exception {
    Path manifest = context.sample(ARM64_SAMPLE);
    context.say("arm64: warm-up build (fills the arm64 package cache, not counted)");
    Path warmStore = context.freshDirectory("arm64-warm-store");
    Path out = context.freshDirectory("arm64-out");
    context.osbuild("arm64-warm-up", build(warmStore, out, manifest));
    Path cache = context.work.resolve("arm64-package-cache");
    context.remove(cache);
    context.host(
        "cp", "-a", warmStore.resolve("caches/debian-packages").toString(), cache.toString());
    context.remove(warmStore);

    context.say("arm64: cold build, warm package cache");
    Path coldStore = context.freshDirectory("arm64-cold-store");
    Files.createDirectories(coldStore.resolve("caches"));
    context.host(
        "cp", "-a", cache.toString(), coldStore.resolve("caches/debian-packages").toString());
    context.remove(out);
    Files.createDirectories(out);
    context.settle();
    TimedRun.Result cold = context.osbuild("arm64-cold", build(coldStore, out, manifest));
    StepTimes steps = StepTimes.fromLauncherJson(cold.stdoutText());
    Samples arm64 = Samples.of(List.of(cold.seconds()));
    context.report.add(
        Row.seconds(scenario, "arm64 image built on x86-64 (qemu-user), cold build", arm64),
        context.progress);
    context.report.add(
        ratio(scenario, "arm64 cold build / amd64 cold build", arm64, amd64ColdBuild),
        context.progress);
    context.report.note(
        Row.format(
            "arm64 cold build, seconds per step: %s (amd64's are in scenario 1's note)",
            describe(steps)),
        context.progress);
    context.remove(coldStore);
    context.remove(cache);
    context.remove(out);
  }

  private double assemblerSeconds(
      String name, String sample, Path out, Map<String, String> environment)
      throws IOException, InterruptedException {
    context.settle();
    TimedRun.Result result =
        context.osbuild(name, build(store, out, context.sample(sample)), environment);
    JsonNode assembler = new ObjectMapper().readTree(result.stdoutText()).path("assembler");
    if (assembler.path("cached").asBoolean()) {
      throw new BenchException(name + ": the assembler's output came from the store");
    }
    return assembler.path("duration").asDouble();
  }

  private static List<String> build(Path store, Path out, Path manifest) {
    return List.of(
        "--store",
        store.toString(),
        "-o",
        out.toString(),
        "--json",
        "--progress=plain",
        manifest.toString());
  }

  private static Row ratio(String scenario, String measure, Samples of, Samples against) {
    return new Row(
        scenario,
        measure,
        Row.format("%.2f", of.median() / against.median()),
        "-",
        of.count(),
        "",
        Optional.empty());
  }

  private static String describe(StepTimes steps) {
    List<String> parts = new ArrayList<>();
    steps.seconds().forEach((name, seconds) -> parts.add(Row.format("%s %.1f", name, seconds)));
    return String.join(", ", parts);
  }
}
