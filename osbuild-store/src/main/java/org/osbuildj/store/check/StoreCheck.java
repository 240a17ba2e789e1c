package org.osbuildj.store.check;

import java.util.List;

/**
 * What {@code FileStore.check} found: how many trees and source files it looked at, and every
 * problem, repaired or not.
 */
public record StoreCheck(int trees, int sources, List<StoreProblem> problems) {
  public StoreCheck {
    problems = List.copyOf(problems);
  }

  /** Nothing was wrong. */
  public boolean clean() {
    return problems.isEmpty();
  }

  /** The problems still there after the check (not repaired). */
  public long problemsLeft() {
    return problems.stream().filter(p -> !p.repaired()).count();
  }
}
