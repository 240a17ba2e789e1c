package org.osbuildj.examples.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.osbuildj.examples.bench.ChartData.ColdSteps;
import org.osbuildj.examples.bench.ChartData.StoreCost;
import org.osbuildj.examples.bench.ColdRatioHistory.Entry;

/** The report's three charts, drawn as SVG from the figures of the run (and of earlier runs). */
final class BenchCharts {
  private static final String[] PALETTE = {
    "#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756", "#72b7b2", "#eeca3b", "#9d755d"
  };
  private static final String OTHER = "#bab0ac";
  private static final String OUTSIDE = "#555555";
  private static final String INK = "#333333";
  private static final String GRID = "#dddddd";

  /** A step shorter than this share of the longest build is drawn as "other steps". */
  private static final double SMALL_STEP = 0.02;

  private BenchCharts() {}

  /** Stacked bars, one per builder, a segment per step: where each cold build's time goes. */
  static String coldSteps(ColdSteps steps) {
    Map<String, List<Segment>> bars = new LinkedHashMap<>();
    bars.put("osbuild-java", segments(steps.ours()));
    bars.get("osbuild-java").add(new Segment("outside the steps", steps.oursOutsideSteps()));
    bars.put("shell script", segments(steps.script()));
    if (steps.mkosi().isPresent()) {
      bars.put(
          "mkosi 14",
          List.of(new Segment("mkosi (reports no steps)", steps.mkosi().getAsDouble())));
    }
    double longest =
        bars.values().stream()
            .mapToDouble(s -> s.stream().mapToDouble(Segment::seconds).sum())
            .max()
            .orElse(1);
    Map<String, String> colours = colours(bars, longest);
    double axisEnd = niceCeiling(Math.max(longest, 0.001));

    int left = 120;
    int chartWidth = 640;
    int rowHeight = 40;
    int top = 40;
    int legendTop = top + bars.size() * rowHeight + 40;
    int height = legendTop + 20 * ((colours.size() + 2) / 3) + 10;
    SvgCanvas svg = new SvgCanvas(left + chartWidth + 100, height);
    svg.text(
        10, 22, "Cold build of the reference image: median seconds per step", "start", 15, INK);
    axis(svg, left, chartWidth, top - 6, top + bars.size() * rowHeight, axisEnd, " s");
    int row = 0;
    for (Map.Entry<String, List<Segment>> bar : bars.entrySet()) {
      double y = top + row * rowHeight + 6;
      double x = left;
      double total = 0;
      svg.text(left - 8, y + 17, bar.getKey(), "end", 13, INK);
      for (Segment segment : bar.getValue()) {
        double w = segment.seconds() / axisEnd * chartWidth;
        String colour = colours.getOrDefault(segment.name(), OTHER);
        svg.rect(
            x,
            y,
            w,
            24,
            colour,
            bar.getKey() + ": " + segment.name() + " " + Row.format("%.1f s", segment.seconds()));
        x += w;
        total += segment.seconds();
      }
      svg.text(x + 6, y + 17, Row.format("%.1f s", total), "start", 12, INK);
      row++;
    }
    legend(svg, colours, 10, legendTop);
    return svg.render();
  }

  /** Snapshot and commit cost against the tree's size, for each store mode: log scale. */
  static String storeCosts(List<StoreCost> costs) {
    List<Long> sizes =
        new ArrayList<>(new TreeSet<>(costs.stream().map(StoreCost::treeBytes).toList()));
    Map<String, List<StoreCost>> series = new LinkedHashMap<>();
    for (StoreCost cost : costs) {
      series
          .computeIfAbsent(cost.mode() + " store: " + cost.measure(), k -> new ArrayList<>())
          .add(cost);
    }
    double max = costs.stream().mapToDouble(StoreCost::millis).max().orElse(1);
    double min = costs.stream().mapToDouble(StoreCost::millis).min().orElse(1);
    double logLow = Math.floor(Math.log10(Math.max(min, 0.1)));
    double logHigh = Math.ceil(Math.log10(Math.max(max, 1)));
    if (logHigh <= logLow) logHigh = logLow + 1;

    int left = 70;
    int top = 40;
    int chartWidth = 520;
    int chartHeight = 300;
    int legendTop = top + chartHeight + 50;
    SvgCanvas svg = new SvgCanvas(left + chartWidth + 60, legendTop + 20 * series.size() + 10);
    svg.text(
        10,
        22,
        "Store: a writable snapshot and a commit against the tree's size (ms, log scale)",
        "start",
        15,
        INK);
    for (double p = logLow; p <= logHigh; p++) {
      double y = top + chartHeight - (p - logLow) / (logHigh - logLow) * chartHeight;
      svg.line(left, y, left + chartWidth, y, GRID, false);
      svg.text(left - 6, y + 4, Row.format("%s ms", SvgCanvas.n(Math.pow(10, p))), "end", 11, INK);
    }
    for (int i = 0; i < sizes.size(); i++) {
      double x = xOf(i, sizes.size(), left, chartWidth);
      svg.text(
          x,
          top + chartHeight + 18,
          SnapshotBenchmark.human(sizes.get(i)) + " tree",
          "middle",
          12,
          INK);
    }
    Map<String, String> colours = new LinkedHashMap<>();
    // One colour per measure, the store mode told by the line: the eye compares modes measure by
    // measure.
    List<String> measures = costs.stream().map(StoreCost::measure).distinct().toList();
    for (Map.Entry<String, List<StoreCost>> line : series.entrySet()) {
      String colour = PALETTE[measures.indexOf(line.getValue().get(0).measure()) % PALETTE.length];
      boolean dashed = line.getKey().startsWith("copy");
      colours.put(line.getKey() + (dashed ? " (dashed)" : ""), colour);
      List<double[]> points = new ArrayList<>();
      for (StoreCost cost : line.getValue()) {
        double x = xOf(sizes.indexOf(cost.treeBytes()), sizes.size(), left, chartWidth);
        double y =
            top
                + chartHeight
                - (Math.log10(Math.max(cost.millis(), 0.1)) - logLow)
                    / (logHigh - logLow)
                    * chartHeight;
        points.add(new double[] {x, y});
        svg.circle(
            x,
            y,
            3.5,
            colour,
            line.getKey()
                + ", "
                + SnapshotBenchmark.human(cost.treeBytes())
                + ": "
                + Row.format("%.1f ms", cost.millis()));
      }
      svg.polyline(points, colour, dashed);
    }
    legendLines(svg, colours, 10, legendTop);
    return svg.render();
  }

  /** The ratio of our cold build to the script's, run after run, against the goal. */
  static String ratioHistory(List<Entry> runs, double goal) {
    double low = Math.min(goal, runs.stream().mapToDouble(Entry::ratio).min().orElse(goal));
    double high = Math.max(goal, runs.stream().mapToDouble(Entry::ratio).max().orElse(goal));
    low = Math.floor((low - 0.02) * 20) / 20;
    high = Math.ceil((high + 0.02) * 20) / 20;
    int left = 60;
    int top = 40;
    int chartWidth = Math.max(300, 70 * runs.size());
    int chartHeight = 220;
    SvgCanvas svg = new SvgCanvas(left + chartWidth + 150, top + chartHeight + 60);
    svg.text(
        10,
        22,
        "Cold build, osbuild-java / plain script (medians), run after run",
        "start",
        15,
        INK);
    for (double v = low; v <= high + 1e-9; v += 0.05) {
      double y = yOf(v, low, high, top, chartHeight);
      svg.line(left, y, left + chartWidth, y, GRID, false);
      svg.text(left - 6, y + 4, Row.format("%.2f", v), "end", 11, INK);
    }
    double goalY = yOf(goal, low, high, top, chartHeight);
    svg.line(left, goalY, left + chartWidth, goalY, "#e45756", true);
    svg.text(
        left + chartWidth + 6, goalY + 4, Row.format("goal ≤ %.2f", goal), "start", 12, "#e45756");
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Entry run = runs.get(i);
      double x = xOf(i, runs.size(), left, chartWidth);
      double y = yOf(run.ratio(), low, high, top, chartHeight);
      points.add(new double[] {x, y});
      svg.circle(
          x,
          y,
          4,
          PALETTE[0],
          run.date()
              + ": "
              + Row.format("%.3f (%.1f s / %.1f s)", run.ratio(), run.ours(), run.script()));
      svg.text(x, y - 8, Row.format("%.3f", run.ratio()), "middle", 11, INK);
      svg.text(
          x,
          top + chartHeight + 18,
          run.date().length() > 10 ? run.date().substring(0, 10) : run.date(),
          "middle",
          11,
          INK);
    }
    svg.polyline(points, PALETTE[0], false);
    return svg.render();
  }

  /** The smallest of 1, 2 and 5 times a power of ten that is at least {@code value}. */
  static double niceCeiling(double value) {
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double factor : new double[] {1, 2, 5, 10}) {
      if (factor * power >= value * (1 - 1e-9)) return factor * power;
    }
    return 10 * power;
  }

  private record Segment(String name, double seconds) {}

  /** A builder's steps, "org.osbuild." taken off so that ours and the script's share colours. */
  private static List<Segment> segments(Map<String, Double> steps) {
    List<Segment> list = new ArrayList<>();
    steps.forEach(
        (name, seconds) ->
            list.add(new Segment(name.replaceFirst("^org\\.osbuild\\.", ""), seconds)));
    return list;
  }

  private static Map<String, String> colours(Map<String, List<Segment>> bars, double longest) {
    Map<String, String> colours = new LinkedHashMap<>();
    for (List<Segment> bar : bars.values()) {
      for (Segment segment : bar) {
        if (segment.name().equals("outside the steps")) continue;
        if (segment.seconds() >= SMALL_STEP * longest && !colours.containsKey(segment.name())) {
          colours.put(segment.name(), PALETTE[colours.size() % PALETTE.length]);
        }
      }
    }
    colours.put("outside the steps", OUTSIDE);
    colours.put("other steps (each < 2 %)", OTHER);
    return colours;
  }

  private static void axis(
      SvgCanvas svg, int left, int width, double top, double bottom, double end, String unit) {
    double step = niceCeiling(end / 6);
    for (double t = 0; t <= end + step / 1000; t += step) {
      double x = left + t / end * width;
      svg.line(x, top, x, bottom, GRID, false);
      svg.text(x, bottom + 16, SvgCanvas.n(t) + unit, "middle", 11, INK);
    }
  }

  private static void legend(SvgCanvas svg, Map<String, String> colours, int x0, int y0) {
    int i = 0;
    for (Map.Entry<String, String> entry : colours.entrySet()) {
      double x = x0 + (i % 3) * 260;
      double y = y0 + (i / 3) * 20;
      svg.rect(x, y, 12, 12, entry.getValue(), null);
      svg.text(x + 18, y + 11, entry.getKey(), "start", 12, INK);
      i++;
    }
  }

  private static void legendLines(SvgCanvas svg, Map<String, String> colours, int x0, int y0) {
    int i = 0;
    for (Map.Entry<String, String> entry : colours.entrySet()) {
      double y = y0 + i * 20;
      svg.line(x0, y + 6, x0 + 24, y + 6, entry.getValue(), entry.getKey().endsWith("(dashed)"));
      svg.text(x0 + 32, y + 10, entry.getKey(), "start", 12, INK);
      i++;
    }
  }

  private static double xOf(int index, int count, int left, int width) {
    return count <= 1 ? left + width / 2.0 : left + 20 + index * (width - 40.0) / (count - 1);
  }

  private static double yOf(double value, double low, double high, int top, int height) {
    return top + height - (value - low) / (high - low) * height;
  }
}
