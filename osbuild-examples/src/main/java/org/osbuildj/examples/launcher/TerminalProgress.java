package org.osbuildj.examples.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.event.BuildListener;
import org.osbuildj.core.event.StepRef;

/**
 * A live status line on a terminal: the running step ({@code stage 3/9 org.osbuild.apt}), its
 * elapsed time, a bar when the step's work has a known size, and what it is doing; each finished
 * step leaves a one-line summary above it. Redrawn every second so the clock moves while a stage is
 * quiet.
 */
final class TerminalProgress implements BuildListener, AutoCloseable {
  private static final String CLEAR_LINE = "\r\u001b[K";
  private static final int BAR_WIDTH = 24;

  private final PrintStream out;
  private final boolean showOutput;
  private final ScheduledExecutorService ticker;
  private StepRef running;
  private Instant startedAt;
  private BuildEvent.StepProgress progress;

  TerminalProgress(PrintStream out, boolean showOutput) {
    this.out = out;
    this.showOutput = showOutput;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "terminal-progress");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
  }

  @Override
  public synchronized void onEvent(BuildEvent event) {
    if (event instanceof BuildEvent.PipelineStarted e) {
      above(
          "pipeline "
              + e.pipeline()
              + ": "
              + e.stages()
              + " stage"
              + (e.stages() == 1 ? "" : "s")
              + (e.cached() > 0 ? ", " + e.cached() + " from the store" : ""));
    } else if (event instanceof BuildEvent.StepStarted e) {
      running = e.step();
      startedAt = e.time();
      progress = null;
      redraw();
    } else if (event instanceof BuildEvent.StepProgress e) {
      progress = e;
      redraw();
    } else if (event instanceof BuildEvent.StepLog e && showOutput) {
      above("    | " + e.line());
    } else if (event instanceof BuildEvent.StepFinished e) {
      running = null;
      above(
          "  "
              + e.step().display()
              + (e.cached() ? ": cached" : ": done in " + ConsoleProgress.seconds(e.duration())));
    } else if (event instanceof BuildEvent.StepFailed e) {
      running = null;
      above("  " + e.step().display() + ": FAILED after " + ConsoleProgress.seconds(e.duration()));
    } else if (event instanceof BuildEvent.SourceFetched e && !e.cached()) {
      above(ConsoleProgress.sourceLine(e));
    } else if (event instanceof BuildEvent.HostChanged e) {
      above("host: " + e.message());
    }
  }

  /** Prints a line above the status line, then redraws the status line. */
  private void above(String line) {
    out.print(CLEAR_LINE + line + "\n");
    redraw();
  }

  private synchronized void redraw() {
    if (running == null) {
      out.print(CLEAR_LINE);
      out.flush();
      return;
    }
    StringBuilder line =
        new StringBuilder(CLEAR_LINE)
            .append(running.display())
            .append("  ")
            .append(clock(Duration.between(startedAt, Instant.now())));
    if (progress != null && progress.step().equals(running)) {
      int filled = (int) Math.round(progress.fraction() * BAR_WIDTH);
      line.append("  [")
          .append("#".repeat(filled))
          .append("-".repeat(BAR_WIDTH - filled))
          .append("] ")
          .append(String.format("%3d%%", Math.round(progress.fraction() * 100)))
          .append("  ")
          .append(progress.activity());
    }
    out.print(line.length() > 160 ? line.substring(0, 160) : line);
    out.flush();
  }

  static String clock(Duration d) {
    long s = d.toSeconds();
    return String.format("%02d:%02d", s / 60, s % 60);
  }

  @Override
  public synchronized void close() {
    ticker.shutdownNow();
    running = null;
    redraw();
  }
}
