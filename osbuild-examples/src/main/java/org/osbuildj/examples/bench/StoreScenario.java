package org.osbuildj.examples.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.SnapshotMode;

/**
 * Scenario 4: what taking a writable snapshot of a stored tree and committing a stage cost, per
 * tree size, in both store modes (overlay only as root): the store's own benchmark, repeated.
 */
final class StoreScenario {
  private final BenchContext context;

  StoreScenario(BenchContext context) {
    this.context = context;
  }

  void run() throws IOException, InterruptedException {
    List<SnapshotMode> modes = new ArrayList<>(List.of(SnapshotMode.COPY));
    if (FileStore.overlaySnapshotsAvailable()) modes.add(SnapshotMode.OVERLAY);
    for (String sizeText : context.mode.snapshotSizes) {
      long size = SnapshotBenchmark.parseSizes(sizeText).get(0);
      for (SnapshotMode mode : modes) {
        List<Double> snapshot = new ArrayList<>();
        List<Double> smallCommit = new ArrayList<>();
        List<Double> bigCommit = new ArrayList<>();
        for (int i = 0; i < context.mode.snapshotRuns; i++) {
          Path dir = context.freshDirectory("snapshot-store");
          context.settle();
          SnapshotBenchmark.Result result =
              SnapshotBenchmark.measure(dir.resolve("store"), mode, size);
          snapshot.add(result.snapshotMs());
          smallCommit.add(result.smallCommitMs());
          bigCommit.add(result.bigCommitMs());
          context.remove(dir);
        }
        String scenario =
            "4 snapshot, "
                + mode.name().toLowerCase(Locale.ROOT)
                + " store, "
                + SnapshotBenchmark.human(size)
                + " tree";
        String modeName = mode.name().toLowerCase(Locale.ROOT);
        ChartData charts = context.report.charts();
        charts.storeCost(
            new ChartData.StoreCost(modeName, size, "snapshot", Samples.of(snapshot).median()));
        charts.storeCost(
            new ChartData.StoreCost(
                modeName, size, "commit of one file", Samples.of(smallCommit).median()));
        charts.storeCost(
            new ChartData.StoreCost(
                modeName, size, "commit of the whole tree", Samples.of(bigCommit).median()));
        context.report.add(
            Row.millis(scenario, "writable snapshot of the stored tree", Samples.of(snapshot)),
            context.progress);
        context.report.add(
            Row.millis(scenario, "commit of a one-file change", Samples.of(smallCommit)),
            context.progress);
        context.report.add(
            Row.millis(scenario, "commit of the whole new tree", Samples.of(bigCommit)),
            context.progress);
      }
    }
  }
}
