package org.osbuildj.core.executor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osbuildj.core.isolation.CommandOutput;

/**
 * Where one running step's output and progress go: the executor's log (the output tail, the
 * listeners' events), the step's record of its whole output (its log file), and whatever the step
 * itself asked to watch. Lines arrive from the threads that read the step's commands, and from the
 * step's own thread.
 */
public final class StepOutput {
  /** Receives a step's progress reports. */
  @FunctionalInterface
  public interface ProgressSink {
    void progress(long done, long total, String activity);
  }

  /** Keeps a step's whole output: its own lines, and its commands' bytes as they printed them. */
  interface FullLog {
    FullLog NONE =
        new FullLog() {
          @Override
          public void line(String line) {}

          @Override
          public void bytes(byte[] bytes, int offset, int length) {}
        };

    void line(String line);

    void bytes(byte[] bytes, int offset, int length);
  }

  private final Consumer<String> log;
  private final FullLog record;
  private final ProgressSink progress;
  private final List<Consumer<String>> watchers = new CopyOnWriteArrayList<>();

  public StepOutput(Consumer<String> log, ProgressSink progress) {
    this(log, FullLog.NONE, progress);
  }

  StepOutput(Consumer<String> log, FullLog record, ProgressSink progress) {
    this.log = log;
    this.record = record;
    this.progress = progress;
  }

  /** Output that only logs, as a test running one step directly wants it. */
  public static StepOutput logOnly(Consumer<String> log) {
    return new StepOutput(log, (done, total, activity) -> {});
  }

  /** A line the step printed (or the isolation, on its behalf). */
  public void line(String line) {
    record.line(line);
    shown(line);
  }

  private void shown(String line) {
    log.accept(line);
    for (Consumer<String> watcher : watchers) {
      watcher.accept(line);
    }
  }

  /** Where the step's sandbox sends its commands' output: lines shown, bytes recorded whole. */
  CommandOutput commands() {
    return new CommandOutput() {
      @Override
      public void accept(String line) {
        line(line);
      }

      @Override
      public void commandLine(String line) {
        shown(line);
      }

      @Override
      public void commandBytes(byte[] bytes, int offset, int length) {
        record.bytes(bytes, offset, length);
      }
    };
  }

  void progress(long done, long total, String activity) {
    progress.progress(done, total, activity);
  }

  void watch(Consumer<String> watcher) {
    watchers.add(watcher);
  }
}
