package org.osbuildj.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the charts of a run into {@code benchmarks/} beside the report, adds the run's cold build
 * to the history kept there, and gives the Markdown lines that show the charts in the report.
 */
final class ReportCharts {
  static final String DIRECTORY = "benchmarks";
  static final String HISTORY = "cold-ratio-history.tsv";

  private ReportCharts() {}

  static List<String> write(ChartData data, Path report, Instant end) throws IOException {
    Path dir = report.toAbsolutePath().getParent().resolve(DIRECTORY);
    Files.createDirectories(dir);
    List<String> links = new ArrayList<>();
    if (data.coldSteps().isPresent()) {
      ChartData.ColdSteps steps = data.coldSteps().get();
      links.add(
          chart(
              dir,
              "cold-build-steps.svg",
              BenchCharts.coldSteps(steps),
              "Where the cold build's time goes, per step: osbuild-java, the script, mkosi"));
      List<ColdRatioHistory.Entry> history =
          ColdRatioHistory.append(
              dir.resolve(HISTORY),
              new ColdRatioHistory.Entry(
                  end.toString(), steps.oursMedian(), steps.scriptMedian(), steps.mkosi()));
      links.add(
          chart(
              dir,
              "cold-ratio-history.svg",
              BenchCharts.ratioHistory(history, ColdBuildScenario.RATIO_TARGET),
              "The cold build's ratio to the script, run after run"));
    }
    if (!data.storeCosts().isEmpty()) {
      links.add(
          chart(
              dir,
              "store-costs.svg",
              BenchCharts.storeCosts(data.storeCosts()),
              "Snapshot and commit cost against tree size, both store modes"));
    }
    return links;
  }

  private static String chart(Path dir, String name, String svg, String caption)
      throws IOException {
    Files.writeString(dir.resolve(name), svg);
    return "![" + caption + "](" + DIRECTORY + "/" + name + ")";
  }
}
