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
    try (InputStream out = process.getInputStream()) {
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
