package org.osbuildj.examples.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Repeated measurements of one quantity: reported as the median and the spread (min to max). */
public record Samples(List<Double> values) {
  public Samples {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no measurement");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    values = List.copyOf(sorted);
  }

  public static Samples of(List<Double> values) {
    return new Samples(values);
  }

  public static Samples of(double[] values) {
    List<Double> list = new ArrayList<>();
    for (double v : values) list.add(v);
    return new Samples(list);
  }

  public double median() {
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }

  public double min() {
    return values.get(0);
  }

  public double max() {
    return values.get(values.size() - 1);
  }

  public int count() {
    return values.size();
  }

  /** "min–max", or "-" for a single value, in the given format. */
  public String spread(String format) {
    return count() == 1
        ? "-"
        : String.format(Locale.ROOT, format, min())
            + "–"
            + String.format(Locale.ROOT, format, max());
  }
}
