package org.osbuildj.core.isolation;

import java.util.ArrayDeque;
import java.util.List;

/** Keeps the last lines a command printed, for error messages; older lines live in the log. */
public final class OutputTail {
  public static final int DEFAULT_LINES = 40;

  private final int limit;
  private final ArrayDeque<String> lines = new ArrayDeque<>();

  public OutputTail(int limit) {
    this.limit = limit;
  }

  public synchronized void add(String line) {
    if (lines.size() == limit) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }
}
