package org.osbuildj.core.event;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.osbuildj.core.json.Json;

/**
 * Machine-readable progress as a JSON text sequence (RFC 7464: each record starts with RS, 0x1E,
 * and ends with a line feed), in the record shape of osbuild's JSONSeqMonitor: {@code message},
 * {@code timestamp}, {@code context} (origin, pipeline name and id, stage name and id), {@code
 * progress} (done and total), {@code duration} and {@code result}. Tools that follow osbuild's
 * progress can follow ours.
 *
 * <pre>{@code
 * Osbuild.builder().listener(new JsonSeqMonitor(System.out))...
 * }</pre>
 *
 * <p>Records are written and flushed one at a time, under a lock, so several threads may report.
 */
public final class JsonSeqMonitor implements BuildListener {
  private static final byte RECORD_SEPARATOR = 0x1e;

  private final OutputStream out;

  /** A monitor writing to {@code out}, which it never closes. */
  public JsonSeqMonitor(OutputStream out) {
    this.out = out;
  }

  @Override
  public synchronized void onEvent(BuildEvent event) {
    ObjectNode record = Json.object();
    record.put("timestamp", seconds(event.time()));
    if (event instanceof BuildEvent.PipelineStarted e) {
      record.put("message", "Starting pipeline " + e.pipeline());
      record
          .putObject("context")
          .put("origin", "osbuild.monitor")
          .putObject("pipeline")
          .put("name", e.pipeline());
      progress(record, 0, e.stages());
    } else if (event instanceof BuildEvent.StepStarted e) {
      record.put("message", "Starting " + e.step().display());
      context(record, e.step());
      progress(record, e.step().index() - 1, e.step().count());
    } else if (event instanceof BuildEvent.StepProgress e) {
      record.put("message", e.activity());
      context(record, e.step());
      ObjectNode progress =
          record
              .putObject("progress")
              .put("name", "stages")
              .put("done", e.step().index() - 1)
              .put("total", e.step().count());
      // Nested as osbuild nests a stage's own progress inside the pipeline's.
      progress
          .putObject("progress")
          .put("name", "packages")
          .put("done", e.done())
          .put("total", e.total());
    } else if (event instanceof BuildEvent.StepLog e) {
      record.put("message", e.line());
      context(record, e.step());
    } else if (event instanceof BuildEvent.StepFinished e) {
      record.put("message", "Finished " + e.step().display() + (e.cached() ? " (cached)" : ""));
      context(record, e.step());
      progress(record, e.step().index(), e.step().count());
      record.put("duration", e.duration().toMillis() / 1000.0);
      result(record, e.step(), true).put("cached", e.cached());
    } else if (event instanceof BuildEvent.StepFailed e) {
      record.put("message", "Failed " + e.step().display() + ": " + e.message());
      context(record, e.step());
      record.put("duration", e.duration().toMillis() / 1000.0);
      ObjectNode result = result(record, e.step(), false);
      result.put("output", String.join("\n", e.outputTail()));
      e.exitStatus().ifPresent(status -> result.put("exit_status", status));
    } else if (event instanceof BuildEvent.SourceFetched e) {
      record.put(
          "message",
          (e.cached() ? "Source " + e.checksum() + " is in the store" : "Fetched " + e.checksum())
              + " ("
              + e.url()
              + ")");
      record
          .putObject("context")
          .put("origin", "org.osbuild.sources")
          .putObject("source")
          .put("name", e.source())
          .put("checksum", e.checksum());
      if (!e.cached()) {
        record.put("duration", e.duration().toMillis() / 1000.0);
      }
    } else if (event instanceof BuildEvent.HostChanged e) {
      record.put("message", e.message());
      record.putObject("context").put("origin", "osbuild.host");
    } else if (event instanceof BuildEvent.PipelineFinished e) {
      record.put("message", "Finished pipeline " + e.pipeline());
      ObjectNode pipeline =
          record
              .putObject("context")
              .put("origin", "osbuild.monitor")
              .putObject("pipeline")
              .put("name", e.pipeline());
      e.treeId().ifPresent(id -> pipeline.put("id", id));
      record.put("duration", e.duration().toMillis() / 1000.0);
    }
    write(record);
  }

  private static void context(ObjectNode record, StepRef step) {
    ObjectNode context = record.putObject("context");
    context.put("origin", "org.osbuild");
    ObjectNode pipeline = context.putObject("pipeline");
    pipeline.put("name", step.pipeline());
    pipeline.putObject("stage").put("name", step.name()).put("id", step.id());
    context.put("id", step.id());
  }

  private static void progress(ObjectNode record, int done, int total) {
    record.putObject("progress").put("name", "stages").put("done", done).put("total", total);
  }

  private static ObjectNode result(ObjectNode record, StepRef step, boolean success) {
    return record
        .putObject("result")
        .put("name", step.name())
        .put("id", step.id())
        .put("success", success);
  }

  private void write(ObjectNode record) {
    try {
      out.write(RECORD_SEPARATOR);
      out.write(
          Json.mapper()
              .writer()
              .without(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsBytes(record));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to the monitor", e);
    }
  }

  private static double seconds(Instant time) {
    return time.getEpochSecond() + time.getNano() / 1e9;
  }
}
