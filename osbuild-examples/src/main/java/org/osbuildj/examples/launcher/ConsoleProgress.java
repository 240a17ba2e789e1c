package org.osbuildj.examples.launcher;

import java.io.PrintStream;
import java.time.Duration;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.event.BuildListener;

/**
 * Shows a person where the build is, on standard error: each source file fetched, each pipeline,
 * each step as it starts and ends with its duration and whether it came from the store, and stage
 * output when verbose.
 */
final class ConsoleProgress implements BuildListener {
  private final PrintStream out;
  private final boolean showOutput;

  ConsoleProgress(PrintStream out, boolean showOutput) {
    this.out = out;
    this.showOutput = showOutput;
  }

  @Override
  public void onEvent(BuildEvent event) {
    // Java 17 has no pattern matching in switch yet: instanceof chains instead.
    if (event instanceof BuildEvent.PipelineStarted e) {
      out.println(
          "pipeline "
              + e.pipeline()
              + ": "
              + e.stages()
              + " stage"
              + (e.stages() == 1 ? "" : "s")
              + (e.cached() > 0 ? ", " + e.cached() + " from the store" : ""));
    } else if (event instanceof BuildEvent.StepStarted e) {
      out.println("  " + e.step().display() + " ... (id " + shortId(e.step().id()) + ")");
    } else if (event instanceof BuildEvent.StepLog e && showOutput) {
      out.println("    | " + e.line());
    } else if (event instanceof BuildEvent.StepFinished e) {
      out.println(
          "  "
              + e.step().display()
              + (e.cached() ? ": cached" : ": done in " + seconds(e.duration())));
    } else if (event instanceof BuildEvent.StepFailed e) {
      out.println("  " + e.step().display() + ": FAILED after " + seconds(e.duration()));
    } else if (event instanceof BuildEvent.SourceFetched e && !e.cached()) {
      out.println(sourceLine(e));
    } else if (event instanceof BuildEvent.HostChanged e) {
      out.println("host: " + e.message());
    }
    out.flush();
  }

  /** "source sha256:0123456789ab: fetched 1234 bytes from URL in 0.2 s". */
  static String sourceLine(BuildEvent.SourceFetched e) {
    return "source "
        + e.checksum().substring(0, Math.min(e.checksum().length(), 19))
        + ": fetched "
        + e.bytes()
        + " bytes from "
        + e.url()
        + " in "
        + seconds(e.duration());
  }

  static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  private static String shortId(String id) {
    return id.substring(0, 12);
  }
}
