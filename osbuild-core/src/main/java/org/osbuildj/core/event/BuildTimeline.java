package org.osbuildj.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records when each step of a build ran, was taken from the store, or failed, and when each source
 * was fetched, so that the build can be drawn on a time axis afterwards ({@link TimelineSvg}).
 *
 * <pre>{@code
 * BuildTimeline timeline = new BuildTimeline();
 * Osbuild osbuild = Osbuild.builder().listener(timeline)...build();
 * osbuild.build(pipeline, output);
 * Files.writeString(Path.of("build.svg"), TimelineSvg.render(timeline.spans()));
 * }</pre>
 */
public final class BuildTimeline implements BuildListener {

  /** What became of a span of the build. */
  public enum Outcome {
    /** The step ran and finished. */
    RAN,
    /** The step's result was taken from the store: it did not run. */
    CACHED,
    /** The step failed, and the build stopped there. */
    FAILED,
    /** The step was still running when the timeline was read (the build was interrupted). */
    UNFINISHED,
    /** A source was downloaded. */
    FETCHED,
    /** A source was in the store already. */
    SOURCE_CACHED
  }

  /**
   * One bar of the timeline.
   *
   * @param pipeline the pipeline's name ("build", "tree"), or "sources" for a source
   * @param label what a person reads: "stage 3/9 org.osbuild.apt", or the source's URL
   * @param start when it started (for a cached step: when it was found in the store)
   * @param end when it ended
   */
  public record Span(String pipeline, String label, Instant start, Instant end, Outcome outcome) {
    public Duration duration() {
      return Duration.between(start, end);
    }
  }

  private final List<Span> finished = new ArrayList<>();
  private final Map<StepRef, Instant> running = new LinkedHashMap<>();
  private Instant first;

  @Override
  public synchronized void onEvent(BuildEvent event) {
    if (first == null) first = event.time();
    if (event instanceof BuildEvent.StepStarted started) {
      running.put(started.step(), started.time());
    } else if (event instanceof BuildEvent.StepFinished done) {
      finish(done.step(), done.time(), done.cached());
    } else if (event instanceof BuildEvent.StepFailed failed) {
      Instant start = running.remove(failed.step());
      finished.add(
          span(
              failed.step(), start == null ? failed.time() : start, failed.time(), Outcome.FAILED));
    } else if (event instanceof BuildEvent.SourceFetched fetched) {
      Instant start = fetched.cached() ? fetched.time() : fetched.time().minus(fetched.duration());
      finished.add(
          new Span(
              "sources",
              fetched.url(),
              start,
              fetched.time(),
              fetched.cached() ? Outcome.SOURCE_CACHED : Outcome.FETCHED));
    }
  }

  private void finish(StepRef step, Instant time, boolean cached) {
    Instant start = running.remove(step);
    if (cached || start == null) {
      finished.add(span(step, time, time, Outcome.CACHED));
    } else {
      finished.add(span(step, start, time, Outcome.RAN));
    }
  }

  private static Span span(StepRef step, Instant start, Instant end, Outcome outcome) {
    return new Span(step.pipeline(), step.display(), start, end, outcome);
  }

  /** When the first event of the build came, if any has. */
  public synchronized Optional<Instant> start() {
    return Optional.ofNullable(first);
  }

  /**
   * Every span so far, in the order they started; steps still running end at {@code now} as {@link
   * Outcome#UNFINISHED}.
   */
  public synchronized List<Span> spans(Instant now) {
    List<Span> all = new ArrayList<>(finished);
    running.forEach((step, start) -> all.add(span(step, start, now, Outcome.UNFINISHED)));
    all.sort((a, b) -> a.start().compareTo(b.start()));
    return List.copyOf(all);
  }

  /** Every span so far, steps still running ending now. */
  public List<Span> spans() {
    return spans(Instant.now());
  }
}
