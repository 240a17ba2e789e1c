package org.osbuildj.examples.bench;

import java.util.Optional;

/** Scenario 5: what running a command in a sandbox costs over starting it plainly. */
final class IsolationScenario {
  private final BenchContext context;

  IsolationScenario(BenchContext context) {
    this.context = context;
  }

  void run() throws Exception {
    IsolationBenchmark.Figures figures = IsolationBenchmark.measure(context.mode.isolationRuns);
    Samples plain = Samples.of(figures.plainMillis());
    Samples empty = Samples.of(figures.emptySandboxMillis());
    Samples isolated = Samples.of(figures.isolatedMillis());
    Samples further = Samples.of(figures.commandInOpenSandboxMillis());
    Report report = context.report;
    report.add(
        Row.millis("5 isolation", "`/bin/true` started plainly (ProcessBuilder)", plain),
        context.progress);
    report.add(
        Row.millis("5 isolation", "sandbox set-up and tear-down, no command", empty),
        context.progress);
    report.add(
        Row.millis("5 isolation", "`/bin/true` in a sandbox (set-up, exec, tear-down)", isolated),
        context.progress);
    report.add(
        Row.millis(
            "5 isolation",
            "one more `/bin/true` in an open sandbox (user, mount, pid namespace)",
            further),
        context.progress);
    report.add(
        new Row(
            "5 isolation",
            "overhead per stage (medians: sandboxed minus plain)",
            Row.format("%.1f ms", isolated.median() - plain.median()),
            "-",
            isolated.count(),
            "",
            Optional.empty()),
        context.progress);
  }
}
