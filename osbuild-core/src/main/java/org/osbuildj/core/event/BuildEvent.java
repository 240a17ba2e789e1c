package org.osbuildj.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Something that happened during a build, reported to every {@link BuildListener}. */
public sealed interface BuildEvent {

  /** When it happened. */
  Instant time();

  /**
   * A source file is ready in the store, before any stage runs: fetched from {@code url} ({@code
   * bytes} in {@code duration}), or found there already when {@code cached}.
   *
   * @param source the source's type, such as {@code org.osbuild.files}
   * @param checksum the file's checksum, {@code sha256:<hex>}
   */
  record SourceFetched(
      Instant time,
      String source,
      String checksum,
      String url,
      long bytes,
      Duration duration,
      boolean cached)
      implements BuildEvent {}

  /**
   * A pipeline starts; {@code cached} stages of its {@code stages} will be taken from the store.
   */
  record PipelineStarted(Instant time, String pipeline, int stages, int cached)
      implements BuildEvent {}

  /** A step starts to run (cached steps do not start: they only finish). */
  record StepStarted(Instant time, StepRef step) implements BuildEvent {}

  /** A line of a running step's output. */
  record StepLog(Instant time, StepRef step, String line) implements BuildEvent {}

  /**
   * How far a running step is with work whose size is known, such as packages to unpack and set up:
   * {@code done} of {@code total} units, and what it is doing now.
   */
  record StepProgress(Instant time, StepRef step, long done, long total, String activity)
      implements BuildEvent {
    /** The fraction done, from 0 to 1. */
    public double fraction() {
      return total <= 0 ? 0 : Math.min(1.0, (double) done / total);
    }
  }

  /** A step finished: ran for {@code duration}, or was taken from the store when {@code cached}. */
  record StepFinished(Instant time, StepRef step, Duration duration, boolean cached)
      implements BuildEvent {}

  /** A step failed; the build stops. {@code exitStatus} is empty when no command failed. */
  record StepFailed(
      Instant time,
      StepRef step,
      Duration duration,
      String message,
      Optional<Integer> exitStatus,
      List<String> outputTail)
      implements BuildEvent {}

  /**
   * The build changed something on the host for its own needs, or will undo it, such as registering
   * an emulator with binfmt_misc to run a foreign architecture's programs: said so a person knows.
   */
  record HostChanged(Instant time, String message) implements BuildEvent {}

  /** A pipeline finished; its tree is stored under {@code treeId} (empty for an empty tree). */
  record PipelineFinished(Instant time, String pipeline, Optional<String> treeId, Duration duration)
      implements BuildEvent {}
}
