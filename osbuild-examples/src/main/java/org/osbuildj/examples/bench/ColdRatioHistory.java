package org.osbuildj.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The cold builds of every full run kept in the report, one line each in a tab-separated file
 * beside it, so that the ratio to the script can be drawn over time.
 */
final class ColdRatioHistory {
  static final String HEADER = "# date\tosbuild-java s\tscript s\tratio\tmkosi s";

  /** One full run's medians; {@code mkosi} empty when the peer was not measured. */
  record Entry(String date, double ours, double script, OptionalDouble mkosi) {
    double ratio() {
      return ours / script;
    }

    String line() {
      return date
          + "\t"
          + Row.format("%.2f", ours)
          + "\t"
          + Row.format("%.2f", script)
          + "\t"
          + Row.format("%.3f", ratio())
          + "\t"
          + (mkosi.isPresent() ? Row.format("%.2f", mkosi.getAsDouble()) : "-");
    }

    static Entry parse(String line) {
      String[] f = line.split("\t");
      if (f.length != 5) throw new IllegalArgumentException("expected 5 fields: " + line);
      return new Entry(
          f[0],
          Double.parseDouble(f[1]),
          Double.parseDouble(f[2]),
          f[4].equals("-") ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(f[4])));
    }
  }

  private ColdRatioHistory() {}

  static List<Entry> read(Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    if (!Files.isRegularFile(file)) return entries;
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank() || line.startsWith("#")) continue;
      entries.add(Entry.parse(line));
    }
    return entries;
  }

  /** The file with {@code entry} added at its end; the entries before it, in order. */
  static List<Entry> append(Path file, Entry entry) throws IOException {
    List<Entry> entries = read(file);
    entries.add(entry);
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    entries.forEach(e -> text.append(e.line()).append('\n'));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, text);
    return entries;
  }
}
