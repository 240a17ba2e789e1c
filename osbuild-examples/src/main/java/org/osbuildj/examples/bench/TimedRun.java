package org.osbuildj.examples.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command to completion and measures it from the outside: wall time, and the peak resident
 * memory of the process itself (its {@code VmHWM}, sampled until it exits; a process that execs, as
 * {@code bin/osbuild} execs java, is measured as what it became). Output goes to files.
 */
final class TimedRun {
  private static final long SAMPLE_MILLIS = 20;

  /** What one run took. */
  record Result(double seconds, OptionalLong peakRssBytes, Path stdout, Path stderr) {
    String stdoutText() throws IOException {
      return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    List<String> stderrLines() throws IOException {
      return Files.readAllLines(stderr, StandardCharsets.UTF_8);
    }
  }

  private TimedRun() {}

  /**
   * Runs {@code argv}; a non-zero exit is a {@link BenchException} quoting the end of its output.
   */
  static Result run(List<String> argv, Map<String, String> environment, Path logPrefix)
      throws IOException, InterruptedException {
    Path stdout = logPrefix.resolveSibling(logPrefix.getFileName() + ".out");
    Path stderr = logPrefix.resolveSibling(logPrefix.getFileName() + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    long start = System.nanoTime();
    Process process = builder.start();
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    long peak = -1;
    try {
      while (!process.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
        peak = Math.max(peak, highWaterMark(status));
      }
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw e;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (process.exitValue() != 0) {
      List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - 25), lines.size());
      throw new BenchException(
          String.join(" ", argv)
              + " exited with status "
              + process.exitValue()
              + " (output in "
              + stderr
              + "):\n  "
              + String.join("\n  ", tail));
    }
    return new Result(
        seconds, peak > 0 ? OptionalLong.of(peak) : OptionalLong.empty(), stdout, stderr);
  }

  /** VmHWM in bytes, or -1 when the process is gone or between programs. */
  private static long highWaterMark(Path status) {
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Gone, or its status is being replaced by an exec: the next sample decides.
    }
    return -1;
  }
}
