package org.osbuildj.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import javax.xml.parsers.DocumentBuilderFactory;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The report's charts, drawn from figures given here; the measuring itself runs in CI. */
class BenchChartsTest {
  @TempDir Path dir;

  private static ChartData.ColdSteps coldSteps() {
    Map<String, Double> ours = new LinkedHashMap<>();
    ours.put("org.osbuild.mmdebstrap", 50.0);
    ours.put("org.osbuild.locale", 2.5);
    ours.put("org.osbuild.hostname", 0.1);
    ours.put("org.osbuild.qcow2", 4.0);
    Map<String, Double> script = new LinkedHashMap<>();
    script.put("mmdebstrap", 45.0);
    script.put("locale", 2.0);
    script.put("mke2fs", 3.0);
    return new ChartData.ColdSteps(ours, 2.0, script, OptionalDouble.of(66.0), 58.9, 50.2);
  }

  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> elements(Document doc, String tag) {
    List<Element> list = new ArrayList<>();
    NodeList nodes = doc.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) list.add((Element) nodes.item(i));
    return list;
  }

  private static double width(Document doc, String titleStart) {
    return elements(doc, "rect").stream()
        .filter(r -> r.getTextContent().startsWith(titleStart))
        .mapToDouble(r -> Double.parseDouble(r.getAttribute("width")))
        .sum();
  }

  @Test
  void theColdBuildChartHasABarPerBuilderWithSegmentsInProportionToTheSteps() throws Exception {
    Document doc = parse(BenchCharts.coldSteps(coldSteps()));

    double ours = width(doc, "osbuild-java: ");
    double script = width(doc, "shell script: ");
    double mkosi = width(doc, "mkosi 14: ");
    assertThat(ours / script).isCloseTo(58.6 / 50.0, Offset.offset(0.01));
    assertThat(mkosi / script).isCloseTo(66.0 / 50.0, Offset.offset(0.01));
    assertThat(
            width(doc, "osbuild-java: mmdebstrap 50.0 s")
                / width(doc, "shell script: mmdebstrap 45.0 s"))
        .isCloseTo(50.0 / 45.0, Offset.offset(0.01));
    // The same step has the same colour in both bars, so the eye can compare them.
    String ourColour = fillOf(doc, "osbuild-java: mmdebstrap");
    assertThat(fillOf(doc, "shell script: mmdebstrap")).isEqualTo(ourColour);
    assertThat(fillOf(doc, "osbuild-java: hostname")).isEqualTo("#bab0ac");
    assertThat(doc.getDocumentElement().getTextContent())
        .contains("outside the steps")
        .contains("58.6 s")
        .contains("66.0 s");
  }

  private static String fillOf(Document doc, String titleStart) {
    return elements(doc, "rect").stream()
        .filter(r -> r.getTextContent().startsWith(titleStart))
        .findFirst()
        .orElseThrow()
        .getAttribute("fill");
  }

  @Test
  void theStoreChartHasAPointPerMeasureModeAndSizeOnALogScale() throws Exception {
    List<ChartData.StoreCost> costs = new ArrayList<>();
    for (long size : new long[] {10L << 20, 100L << 20, 1L << 30}) {
      costs.add(new ChartData.StoreCost("copy", size, "snapshot", size / (1 << 20) * 5.0));
      costs.add(new ChartData.StoreCost("overlay", size, "snapshot", 5.0));
    }

    Document doc = parse(BenchCharts.storeCosts(costs));

    List<Element> points = elements(doc, "circle");
    assertThat(points).hasSize(6);
    assertThat(elements(doc, "polyline")).hasSize(2);
    double y10 = cy(points, "copy store: snapshot, 10M");
    double y100 = cy(points, "copy store: snapshot, 100M");
    double y1g = cy(points, "copy store: snapshot, 1G");
    // Ten times the cost is one decade higher, whatever the decade.
    assertThat(y10 - y100).isCloseTo(y100 - y1g, Offset.offset(1.0));
    assertThat(cy(points, "overlay store: snapshot, 10M"))
        .isEqualTo(cy(points, "overlay store: snapshot, 1G"));
  }

  private static double cy(List<Element> points, String titleStart) {
    return points.stream()
        .filter(p -> p.getTextContent().startsWith(titleStart))
        .mapToDouble(p -> Double.parseDouble(p.getAttribute("cy")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no point titled " + titleStart));
  }

  @Test
  void aRunIsAddedToTheHistoryWhoseChartShowsEveryRunAgainstTheGoal() throws Exception {
    Path report = dir.resolve("BENCHMARKS.md");
    Path history = dir.resolve("benchmarks/cold-ratio-history.tsv");
    Files.createDirectories(history.getParent());
    Files.writeString(
        history,
        ColdRatioHistory.HEADER + "\n2026-11-26T00:50:10Z\t149.34\t141.32\t1.057\t162.00\n");
    ChartData data = new ChartData();
    data.coldSteps(coldSteps());
    data.storeCost(new ChartData.StoreCost("overlay", 10L << 20, "snapshot", 8.2));

    List<String> links = ReportCharts.write(data, report, Instant.parse("2026-12-03T18:00:00Z"));

    assertThat(links)
        .containsExactly(
            "![Where the cold build's time goes, per step: osbuild-java, the script, mkosi]"
                + "(benchmarks/cold-build-steps.svg)",
            "![The cold build's ratio to the script, run after run](benchmarks/cold-ratio-history.svg)",
            "![Snapshot and commit cost against tree size, both store modes](benchmarks/store-costs.svg)");
    assertThat(Files.readAllLines(history))
        .containsExactly(
            ColdRatioHistory.HEADER,
            "2026-11-26T00:50:10Z\t149.34\t141.32\t1.057\t162.00",
            "2026-12-03T18:00:00Z\t58.90\t50.20\t1.173\t66.00");
    Document chart = parse(Files.readString(dir.resolve("benchmarks/cold-ratio-history.svg")));
    assertThat(elements(chart, "circle")).hasSize(2);
    assertThat(chart.getDocumentElement().getTextContent())
        .contains("1.057")
        .contains("1.173")
        .contains("goal ≤ 1.03");
  }
}
