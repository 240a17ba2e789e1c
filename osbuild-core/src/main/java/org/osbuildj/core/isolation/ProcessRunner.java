package org.osbuildj.core.isolation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Starts a process, feeds it its standard input, streams its merged output line by line to a log
 * (each line cut at {@link CommandOutput#MAX_LINE_BYTES}, the bytes whole to whoever keeps them),
 * and waits for it, killing it (and its descendants) when the deadline passes or the waiting thread
 * is interrupted. Isolations build the argument vector; this class only runs it. Host tools the
 * library itself runs ({@code cp}, {@code du}, {@code sync} for the store) go through {@link
 * #runTool}.
 */
public final class ProcessRunner {
  private static final int MAX_OUTPUT_IN_MESSAGE = 2000;

  private ProcessRunner() {}

  /**
   * Runs a host tool to its end, as the library runs {@code cp -a} or {@code du}: with this JVM's
   * environment and working directory, an empty standard input, standard output and error merged.
   *
   * <pre>{@code
   * String usage = ProcessRunner.runTool(List.of("du", "-s", "-B1", "--", dir.toString()), null,
   *     StoreException::new);
   * }</pre>
   *
   * @param argv the program and its arguments
   * @param timeout how long it may run before it is killed with its descendants; null for no limit
   * @param failure makes the exception to throw, from a message and a cause (null when the tool ran
   *     and failed), when the tool cannot be started ("cannot start du (is it installed?): ..."),
   *     exits with another status than 0 (the message has the command line, the status and the last
   *     2000 characters of its output), runs out of time, or the calling thread is interrupted (the
   *     tool is killed and the thread's interrupt status kept)
   * @param <E> the exception the caller reports its failures with
   * @return everything the tool printed, line by line, each line ended by a newline
   */
  public static <E extends RuntimeException> String runTool(
      List<String> argv, Duration timeout, BiFunction<String, Throwable, E> failure) {
    Command command = Command.of(argv);
    StringBuilder output = new StringBuilder();
    CommandOutput collect =
        line -> {
          synchronized (output) {
            output.append(line).append('\n');
          }
        };
    Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
    ExecResult result;
    try {
      result = run(command, argv, System.getenv(), null, deadline, collect);
    } catch (IOException e) {
      throw failure.apply(
          "cannot start " + argv.get(0) + " (is it installed?): " + e.getMessage(), e);
    } catch (StageTimeoutException e) {
      throw failure.apply(
          command.display() + " did not end within " + timeout.toMillis() + " ms and was killed",
          e);
    } catch (InterruptedException e) {
      // Left running, a cp would go on writing into a directory the caller is about to delete.
      Thread.currentThread().interrupt();
      throw failure.apply("interrupted while running " + command.display(), e);
    }
    String text;
    synchronized (output) {
      text = output.toString();
    }
    if (!result.succeeded()) {
      throw failure.apply(
          command.display()
              + " failed with exit status "
              + result.exitStatus()
              + ": "
              + lastCharacters(text.strip()),
          null);
    }
    return text;
  }

  private static String lastCharacters(String output) {
    return output.length() <= MAX_OUTPUT_IN_MESSAGE
        ? output
        : "..." + output.substring(output.length() - MAX_OUTPUT_IN_MESSAGE);
  }

  /**
   * Runs {@code argv} as {@code command}'s process.
   *
   * @param deadline when to kill it; null for never
   */
  public static ExecResult run(
      Command command,
      List<String> argv,
      Map<String, String> environment,
      Path directory,
      Instant deadline,
      CommandOutput log)
      throws IOException, InterruptedException {
    return run(
        command,
        argv,
        environment,
        directory,
        deadline,
        log,
        ProcessKiller.DESCENDANTS_THEN_PROCESS);
  }

  /**
   * Runs {@code argv} as {@code command}'s process, stopping it with {@code killer} at the deadline
   * or when the waiting thread is interrupted.
   */
  public static ExecResult run(
      Command command,
      List<String> argv,
      Map<String, String> environment,
      Path directory,
      Instant deadline,
      CommandOutput log,
      ProcessKiller killer)
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
    // On its own thread: a command that never reads a large input would block a write, and the
    // deadline must hold from the start.
    Thread writer =
        new Thread(() -> writeStdin(process, command.stdin()), "input-of-" + process.pid());
    writer.setDaemon(true);
    writer.start();
    try {
      if (!waitUntil(process, deadline)) {
        killer.kill(process);
        reader.join(2000);
        throw new StageTimeoutException(
            "the stage's time limit passed while it ran " + command.display() + "; it was killed");
      }
      reader.join();
      return new ExecResult(command, process.exitValue(), tail.lines());
    } catch (InterruptedException | RuntimeException e) {
      killer.kill(process);
      throw e;
    }
  }

  /**
   * Runs {@code argv} as {@code command}'s process, keeping what it prints on standard output
   * whole, as bytes, apart from its standard error, which goes to {@code log} line by line (and
   * into the result's output tail): for a command whose output is data, such as a list of file
   * names that need not be text.
   *
   * @param maxBytes the most standard output kept; past it the process is killed and the call fails
   * @throws IOException if the process cannot start, or printed more than {@code maxBytes}
   */
  public static ExecOutput runCapturing(
      Command command,
      List<String> argv,
      Map<String, String> environment,
      Path directory,
      Instant deadline,
      CommandOutput log,
      ProcessKiller killer,
      int maxBytes)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().clear();
    builder.environment().putAll(environment);
    if (directory != null) builder.directory(directory.toFile());
    Process process = builder.start();
    OutputTail tail = new OutputTail(OutputTail.DEFAULT_LINES);
    Thread errors =
        new Thread(() -> pump(process.getErrorStream(), log, tail), "errors-of-" + process.pid());
    errors.setDaemon(true);
    errors.start();
    BoundedBytes stdout = new BoundedBytes(maxBytes, () -> killer.kill(process));
    Thread reader =
        new Thread(() -> stdout.readAll(process.getInputStream()), "output-of-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    Thread writer =
        new Thread(() -> writeStdin(process, command.stdin()), "input-of-" + process.pid());
    writer.setDaemon(true);
    writer.start();
    try {
      if (!waitUntil(process, deadline)) {
        killer.kill(process);
        reader.join(2000);
        errors.join(2000);
        throw new StageTimeoutException(
            "the stage's time limit passed while it ran " + command.display() + "; it was killed");
      }
      reader.join();
      errors.join();
    } catch (InterruptedException | RuntimeException e) {
      killer.kill(process);
      throw e;
    }
    if (stdout.overflowed()) {
      throw new IOException(
          command.display() + " printed more than " + maxBytes + " bytes and was killed");
    }
    return new ExecOutput(
        new ExecResult(command, process.exitValue(), tail.lines()), stdout.bytes());
  }

  /** Keeps at most a number of bytes of a stream; past that, calls its overflow action once. */
  private static final class BoundedBytes {
    private final int max;
    private final Runnable onOverflow;
    private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
    private boolean overflowed;

    BoundedBytes(int max, Runnable onOverflow) {
      this.max = max;
      this.onOverflow = onOverflow;
    }

    void readAll(InputStream in) {
      byte[] buffer = new byte[65536];
      try (in) {
        int count;
        while ((count = in.read(buffer)) != -1) {
          synchronized (this) {
            if (overflowed) continue;
            if (kept.size() + count > max) {
              overflowed = true;
            } else {
              kept.write(buffer, 0, count);
              continue;
            }
          }
          onOverflow.run();
        }
      } catch (IOException e) {
        // The stream closes when the process is killed.
      }
    }

    synchronized boolean overflowed() {
      return overflowed;
    }

    synchronized byte[] bytes() {
      return kept.toByteArray();
    }
  }

  private static void writeStdin(Process process, byte[] stdin) {
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin);
    } catch (IOException e) {
      // A command that exits (or is killed) without reading its input closes the pipe: EPIPE is
      // not our failure.
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
  public static int runInteractive(
      List<String> argv, Map<String, String> environment, Path directory)
      throws IOException, InterruptedException {
    return runInteractive(argv, environment, directory, ProcessKiller.DESCENDANTS_THEN_PROCESS);
  }

  /**
   * Runs {@code argv} on this process's own terminal, stopping it with {@code killer} on interrupt.
   */
  public static int runInteractive(
      List<String> argv, Map<String, String> environment, Path directory, ProcessKiller killer)
      throws IOException, InterruptedException {
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

  private static void pump(Process process, CommandOutput log, OutputTail tail) {
    pump(process.getInputStream(), log, tail);
  }

  private static void pump(InputStream stream, CommandOutput log, OutputTail tail) {
    try (InputStream out = stream) {
      OutputLineReader.read(
          out,
          new CommandOutput() {
            @Override
            public void accept(String line) {
              commandLine(line);
            }

            @Override
            public void commandLine(String line) {
              tail.add(line);
              log.commandLine(line);
            }

            @Override
            public void commandBytes(byte[] bytes, int offset, int length) {
              log.commandBytes(bytes, offset, length);
            }
          });
    } catch (IOException e) {
      // The stream closes when the process is killed; what was read is in the tail already.
    } catch (UncheckedIOException e) {
      tail.add("(log failed: " + e.getMessage() + ")");
    }
  }
}
