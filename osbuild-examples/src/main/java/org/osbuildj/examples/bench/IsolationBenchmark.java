package org.osbuildj.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.isolation.linux.NamespaceIsolation;

/**
 * Measures what the namespace isolation costs: the median time to run {@code /bin/true} in a fresh
 * sandbox (set-up, command, tear-down) against starting it with a plain {@link ProcessBuilder}.
 * Needs root. Argument: the number of runs (default 50). The benchmark's isolation scenario ({@code
 * bin/bench --only isolation}) runs it; run alone, see {@code osbuild-isolation/README.md}.
 */
public final class IsolationBenchmark {
  private static final int WARM_UP = 10;

  private IsolationBenchmark() {}

  @FunctionalInterface
  private interface Run {
    void once() throws Exception;
  }

  /**
   * Each case's times in milliseconds, sorted.
   *
   * @param commandInOpenSandboxMillis one more {@code /bin/true} in a sandbox that is already set
   *     up: what each further command of a stage costs (a new user, mount and pid namespace each)
   */
  public record Figures(
      double[] plainMillis,
      double[] emptySandboxMillis,
      double[] isolatedMillis,
      double[] commandInOpenSandboxMillis) {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    Figures figures = measure(runs);
    System.out.printf(
        Locale.ROOT,
        "%d runs each, after %d warm-up runs; %d CPUs%n",
        runs,
        WARM_UP,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "%-52s %9s %9s%n", "", "median", "p90");
    report("plain ProcessBuilder, /bin/true", figures.plainMillis());
    report("sandbox set-up and tear-down, no command", figures.emptySandboxMillis());
    report("sandbox with /bin/true (set-up, exec, tear-down)", figures.isolatedMillis());
    report("one more /bin/true in an open sandbox", figures.commandInOpenSandboxMillis());
  }

  /** Runs each case {@code runs} times after a warm-up. Needs root. */
  public static Figures measure(int runs) throws Exception {
    NamespaceIsolation isolation = NamespaceIsolation.create();
    Path tree = Files.createTempDirectory("osbuild-benchmark-tree");
    try {
      SandboxSpec spec = SandboxSpec.forStage(new TreeMount.Directory(tree), line -> {});
      Run plain = () -> check(new ProcessBuilder("/bin/true").start().waitFor());
      Run emptySandbox = () -> isolation.run(spec, sandbox -> null);
      Run isolated =
          () -> isolation.run(spec, sandbox -> sandbox.exec(Command.of("/bin/true")).orThrow());
      double[] inOpenSandbox =
          isolation.run(
              spec,
              sandbox -> {
                Command command = Command.of("/bin/true");
                return measure(() -> sandbox.exec(command).orThrow(), runs);
              });
      return new Figures(
          measure(plain, runs),
          measure(emptySandbox, runs),
          measure(isolated, runs),
          inOpenSandbox);
    } finally {
      Files.delete(tree);
    }
  }

  private static void check(int exitStatus) {
    if (exitStatus != 0) {
      throw new IllegalStateException("/bin/true exited with " + exitStatus);
    }
  }

  private static double[] measure(Run run, int runs) throws Exception {
    for (int i = 0; i < WARM_UP; i++) {
      run.once();
    }
    double[] millis = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      run.once();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return millis;
  }

  private static void report(String what, double[] sortedMillis) {
    double median = sortedMillis[sortedMillis.length / 2];
    double p90 =
        sortedMillis[
            (int) Math.min(sortedMillis.length - 1, Math.ceil(sortedMillis.length * 0.9) - 1)];
    System.out.printf(Locale.ROOT, "%-52s %6.2f ms %6.2f ms%n", what, median, p90);
  }
}
