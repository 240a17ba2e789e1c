package org.osbuildj.core.executor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where one running step's output and progress go: the executor's log (the output tail, the log
 * file, the listeners' events), and whatever the step itself asked to watch. Lines arrive from the
 * threads that read the step's commands, and from the step's own thread.
 */
public final class StepOutput {
  /** Receives a step's progress reports. */
  @FunctionalInterface
  public interface ProgressSink {
    void progress(long done, long total, String activity);
  }

  private final Consumer<String> log;
  private final ProgressSink progress;
  private final List<Consumer<String>> watchers = new CopyOnWriteArrayList<>();

  public StepOutput(Consumer<String> log, ProgressSink progress) {
    this.log = log;
    this.progress = progress;
  }

  /** Output that only logs, as a test running one step directly wants it. */
  public static StepOutput logOnly(Consumer<String> log) {
    return new StepOutput(log, (done, total, activity) -> {});
  }

  /** A line a command or the step printed. */
  public void line(String line) {
    log.accept(line);
    for (Consumer<String> watcher : watchers) {
      watcher.accept(line);
    }
  }

  void progress(long done, long total, String activity) {
    progress.progress(done, total, activity);
  }

  void watch(Consumer<String> watcher) {
    watchers.add(watcher);
  }
}
