package org.osbuildj.examples.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * One line of the results table: a scenario, what was measured, its figures, and the target with
 * whether it was met (empty when the scenario has no target).
 */
record Row(
    String scenario,
    String measure,
    String median,
    String spread,
    int runs,
    String target,
    Optional<Boolean> met) {

  static Row seconds(String scenario, String measure, Samples samples) {
    return new Row(
        scenario,
        measure,
        format("%.2f s", samples.median()),
        samples.spread("%.2f"),
        samples.count(),
        "",
        Optional.empty());
  }

  static Row millis(String scenario, String measure, Samples samples) {
    return new Row(
        scenario,
        measure,
        format("%.1f ms", samples.median()),
        samples.spread("%.1f"),
        samples.count(),
        "",
        Optional.empty());
  }

  Row withTarget(String target, boolean met) {
    return new Row(scenario, measure, median, spread, runs, target, Optional.of(met));
  }

  String verdict() {
    return met.map(ok -> ok ? "met" : "**missed**").orElse("");
  }

  static String format(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
