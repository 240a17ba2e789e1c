package org.osbuildj.examples.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** The figures the report's charts are drawn from, handed over by the scenarios as they run. */
final class ChartData {

  /**
   * Where the cold build's time goes, median seconds per step: ours (and the time outside its
   * steps), the script's, and mkosi's whole build (it reports no steps); with the medians of the
   * whole builds, which the medians of their parts need not add up to.
   */
  record ColdSteps(
      Map<String, Double> ours,
      double oursOutsideSteps,
      Map<String, Double> script,
      OptionalDouble mkosi,
      double oursMedian,
      double scriptMedian) {
    ColdSteps {
      ours = Collections.unmodifiableMap(new LinkedHashMap<>(ours));
      script = Collections.unmodifiableMap(new LinkedHashMap<>(script));
    }
  }

  /** One median of the store scenario: {@code measure} in a store of {@code mode}. */
  record StoreCost(String mode, long treeBytes, String measure, double millis) {}

  private ColdSteps coldSteps;
  private final List<StoreCost> storeCosts = new ArrayList<>();

  synchronized void coldSteps(ColdSteps steps) {
    this.coldSteps = steps;
  }

  synchronized void storeCost(StoreCost cost) {
    storeCosts.add(cost);
  }

  synchronized Optional<ColdSteps> coldSteps() {
    return Optional.ofNullable(coldSteps);
  }

  synchronized List<StoreCost> storeCosts() {
    return List.copyOf(storeCosts);
  }
}
