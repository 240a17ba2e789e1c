package org.osbuildj.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The arithmetic and parsing behind the benchmark's table; the measuring itself runs in CI. */
class BenchFiguresTest {

  @Test
  void medianOfAnOddCountIsTheMiddleValueAndOfAnEvenCountTheMeanOfTheTwoMiddleOnes() {
    assertThat(Samples.of(List.of(9.0, 1.0, 5.0)).median()).isEqualTo(5.0);
    assertThat(Samples.of(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
  }

  @Test
  void spreadIsFastestToSlowestAndADashForOneRun() {
    assertThat(Samples.of(List.of(2.5, 1.25, 2.0)).spread("%.2f")).isEqualTo("1.25–2.50");
    assertThat(Samples.of(List.of(3.0)).spread("%.2f")).isEqualTo("-");
  }

  @Test
  void launcherJsonGivesEachStagesAndTheAssemblersSeconds() throws Exception {
    String json =
        """
        {"success": true, "pipelines": [{"name": "tree", "tree_id": "a", "stages": [
          {"name": "org.osbuild.mmdebstrap", "id": "1", "cached": false, "duration": 91.5},
          {"name": "org.osbuild.hostname", "id": "2", "cached": false, "duration": 0.25}]}],
         "assembler": {"name": "org.osbuild.qcow2", "id": "3", "cached": false, "duration": 6.0},
         "output": [], "duration": 98.0}
        """;

    StepTimes times = StepTimes.fromLauncherJson(json);

    assertThat(times.seconds())
        .containsExactly(
            entry("org.osbuild.mmdebstrap", 91.5),
            entry("org.osbuild.hostname", 0.25),
            entry("org.osbuild.qcow2", 6.0));
    assertThat(times.total()).isEqualTo(97.75);
  }

  @Test
  void scriptMarkersGiveEachStepTheTimeUntilTheNextAndIgnoreOtherLines() {
    StepTimes times =
        StepTimes.fromScriptMarkers(
            List.of(
                "1700000000.000000 step mmdebstrap",
                "I: unpacking packages",
                "1700000090.500000 step users",
                "1700000091.000000 step qemu-img",
                "1700000093.000000 step done"));

    assertThat(times.seconds())
        .containsExactly(entry("mmdebstrap", 90.5), entry("users", 0.5), entry("qemu-img", 2.0));
  }

  @Test
  void aMissedTargetIsMarkedInTheTableAndAMetOneIsNot() {
    Report report = new Report();
    report.add(
        Row.seconds("2 no-op rebuild", "unchanged", Samples.of(List.of(2.4, 2.6, 2.5)))
            .withTarget("< 2 s", false),
        System.out);
    report.add(
        Row.seconds("3 incremental", "hostname", Samples.of(List.of(9.0)))
            .withTarget("< 25 %", true),
        System.out);

    assertThat(report.table())
        .contains("| 2 no-op rebuild | unchanged | 2.50 s | 2.40–2.60 | 3 | < 2 s | **missed** |")
        .contains("| 3 incremental | hostname | 9.00 s | - | 1 | < 25 % | met |");
  }

  @Test
  void aRewrittenReportKeepsTheAnalysisWrittenBelowTheMarker() {
    Report report = new Report();
    report.add(Row.millis("5 isolation", "sandbox", Samples.of(List.of(20.0, 22.0))), System.out);
    String analysis = "\n\n## Where the time goes\n\nmmdebstrap.\n";

    String document =
        ReportDocument.render(
            report,
            new Machine("cpu", 2, 1L << 30, "6.1", "java", "Debian"),
            "osbuild-examples/bin/bench --full",
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T00:20:00Z"),
            List.of("![a chart](benchmarks/a.svg)"),
            Optional.of(analysis));

    assertThat(document)
        .contains("`osbuild-examples/bin/bench --full`")
        .contains("in 20 min")
        .contains("2 CPUs (cpu)")
        .contains("| 5 isolation | sandbox | 21.0 ms | 20.0–22.0 | 2 |")
        .contains("\n![a chart](benchmarks/a.svg)\n\n" + ReportDocument.ANALYSIS_MARKER)
        .endsWith(ReportDocument.ANALYSIS_MARKER + analysis);
  }
}
