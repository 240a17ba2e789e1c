package org.osbuildj.examples.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The rows measured so far and the notes that explain them, as a Markdown table. */
final class Report {
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final ChartData charts = new ChartData();

  /** The figures the charts are drawn from. */
  ChartData charts() {
    return charts;
  }

  void add(Row row, PrintStream progress) {
    rows.add(row);
    progress.printf(
        "bench: %s / %s: %s (%s, n=%d)%s%n",
        row.scenario(),
        row.measure(),
        row.median(),
        row.spread(),
        row.runs(),
        row.target().isEmpty() ? "" : " target " + row.target() + ": " + row.verdict());
  }

  void note(String text, PrintStream progress) {
    notes.add(text);
    progress.println("bench: " + text);
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  String table() {
    StringBuilder out = new StringBuilder();
    out.append("| scenario | measure | median | spread (min–max) | runs | target | |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      out.append("| ")
          .append(row.scenario())
          .append(" | ")
          .append(row.measure())
          .append(" | ")
          .append(row.median())
          .append(" | ")
          .append(row.spread())
          .append(" | ")
          .append(row.runs())
          .append(" | ")
          .append(row.target())
          .append(" | ")
          .append(row.verdict())
          .append(" |\n");
    }
    return out.toString();
  }

  String notes() {
    StringBuilder out = new StringBuilder();
    for (String note : notes) {
      out.append("- ").append(note).append('\n');
    }
    return out.toString();
  }
}
