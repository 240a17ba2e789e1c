package org.osbuildj.core.isolation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts a process, feeds it its standard input, streams its merged output line by line to a log,
 * and waits for it, killing it (and its descendants) when the deadline passes or the waiting thread
 * is interrupted. Isolations build the argument vector; this class only runs it.
 */
public final class ProcessRunner {
  private ProcessRunner() {}

  /**
   * Runs {@code argv} as {@code command}'s process.
   *
   * @param deadline when to kill it; null for never
   */
  public static ExecResult run(Command command, List<String> argv, java.util.Map<String, String> environment,
      java.nio.file.Path directory, Instant deadline, Consumer<String> log)
      throws IOException, InterruptedException {
    return run(command, argv, environment, directory, deadline, log, ProcessKiller.DESCENDANTS_THEN_PROCESS);
  }

  /**
   * Runs {@code argv} as {@code command}'s process, stopping it with {@code killer} at the deadline
   * or when the waiting thread is interrupted.
   */
  public static ExecResult run(Command command, List<String> argv, java.util.Map<String, String> environment,
      java.nio.file.Path directory, Instant deadline, Consumer<String> log, ProcessKiller killer)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(environment);
    if (directory != null) builder.directory(directory.toFile());
    Process process = builder.start();
    OutputTail tail = new OutputTail(OutputTail.DEFAULT_LINES);
    Thread reader = new Thread(() -> pump(process, log, tail), "output-of-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    try {
      writeStdin(process, command.stdin());
      if (!waitUntil(process, deadline)) {
        killer.kill(process);
        reader.join(2000);
        throw new StageTimeoutException("the stage's time limit passed while it ran " + command.display()
            + "; it was killed");
      }
      reader.join();
      return new ExecResult(command, process.exitValue(), tail.lines());
    } catch (InterruptedException | RuntimeException e) {
      killer.kill(process);
      throw e;
    }
  }

  private static void writeStdin(Process process, byte[] stdin) {
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin);
    } catch (IOException e) {
      // A command that exits without reading its input closes the pipe: not our failure.
    }
  }

  private static boolean waitUntil(Process process, Instant deadline) throws InterruptedException {
    if (deadline == null) {
      process.waitFor();
      return true;
    }
    long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
    return process.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code argv} on this process's own terminal and returns its exit status. */
  public static int runInteractive(List<String> argv, java.util.Map<String, String> environment,
      java.nio.file.Path directory) throws IOException, InterruptedException {
    return runInteractive(argv, environment, directory, ProcessKiller.DESCENDANTS_THEN_PROCESS);
  }

  /** Runs {@code argv} on this process's own terminal, stopping it with {@code killer} on interrupt. */
  public static int runInteractive(List<String> argv, java.util.Map<String, String> environment,
      java.nio.file.Path directory, ProcessKiller killer) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(argv).inheritIO();
    builder.environment().clear();
    builder.environment().putAll(environment);
    if (directory != null) builder.directory(directory.toFile());
    Process process = builder.start();
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      killer.kill(process);
      throw e;
    }
  }

  /**
   * Kills the process and everything it started that is still its descendant. A child the process
   * starts between the listing and its death escapes; {@link ProcessKiller} implementations that
   * can stop processes first do better.
   */
  public static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pump(Process process, Consumer<String> log, OutputTail tail) {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        tail.add(line);
        log.accept(line);
      }
    } catch (IOException e) {
      // The stream closes when the process is killed; what was read is in the tail already.
    } catch (UncheckedIOException e) {
      tail.add("(log failed: " + e.getMessage() + ")");
    }
  }
}
