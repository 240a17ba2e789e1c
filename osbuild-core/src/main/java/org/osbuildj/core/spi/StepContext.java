package org.osbuildj.core.spi;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.tree.Tree;

/** What a stage's or an assembler's implementation gets while it runs. */
public interface StepContext {
  /** The step's id, for messages. */
  String stepId();

  /** The step's options, already validated against its schema. */
  Options options();

  /**
   * The tree, for reading and writing files safely: paths never leave the tree. For an assembler
   * the tree is read-only.
   */
  Tree tree();

  /** The sandbox, for running commands in the build root or chrooted in the tree. */
  Sandbox sandbox();

  /** The build's {@code SOURCE_DATE_EPOCH}, when set: steps clamp timestamps to it. */
  Optional<Instant> sourceDateEpoch();

  /** Writes a line to the step's log. */
  void log(String line);

  /**
   * Reports how far the step's work is, for progress bars and monitors: {@code done} of {@code
   * total} units, and what it is doing now.
   */
  void progress(long done, long total, String activity);

  /**
   * Also hands every line the step's commands print to {@code watcher}, from now until the step
   * ends, on the thread that reads them: for a step that reads its tools' output (how far apt is).
   */
  void watchOutput(Consumer<String> watcher);
}
