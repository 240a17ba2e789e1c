package org.osbuildj.core.spi;

import java.time.Instant;
import java.util.Optional;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.tree.Tree;

/** What a stage's implementation gets while it runs. */
public interface StageContext {

  /** The stage's id, for messages. */
  String stageId();

  /** The stage's options, already validated against its schema. */
  Options options();

  /**
   * The tree, for reading and writing files safely: paths never leave the tree. For an assembler
   * the tree is read-only.
   */
  Tree tree();

  /** The sandbox, for running commands in the build root or chrooted in the tree. */
  Sandbox sandbox();

  /** The build's {@code SOURCE_DATE_EPOCH}, when set: stages clamp timestamps to it. */
  Optional<Instant> sourceDateEpoch();

  /** Writes a line to the stage's log. */
  void log(String line);
}
