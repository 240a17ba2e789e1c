package org.osbuildj.core.executor;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.AssemblerContext;
import org.osbuildj.core.tree.Tree;

/**
 * The context the executor hands to a stage or assembler running in a sandbox. Public so that a
 * test can run one stage directly, with the same context a build gives it.
 */
public final class StepContext implements AssemblerContext {
  private final String id;
  private final Options options;
  private final Sandbox sandbox;
  private final Tree tree;
  private final Optional<Instant> sourceDateEpoch;
  private final Consumer<String> log;

  /**
   * @param writable false for assemblers: their tree is read-only
   * @param log where the step's own log lines go
   */
  public StepContext(String id, Options options, Sandbox sandbox, boolean writable,
      Optional<Instant> sourceDateEpoch, Consumer<String> log) {
    this.id = id;
    this.options = options;
    this.sandbox = sandbox;
    this.tree = (writable ? Tree.at(sandbox.tree()) : Tree.readOnlyAt(sandbox.tree()))
        .withOwnerIdShift(sandbox.ownerIdShift());
    this.sourceDateEpoch = sourceDateEpoch;
    this.log = log;
  }

  @Override
  public String stageId() {
    return id;
  }

  @Override
  public Options options() {
    return options;
  }

  @Override
  public Tree tree() {
    return tree;
  }

  @Override
  public Sandbox sandbox() {
    return sandbox;
  }

  @Override
  public Optional<Instant> sourceDateEpoch() {
    return sourceDateEpoch;
  }

  @Override
  public void log(String line) {
    log.accept(line);
  }

  @Override
  public Path outputDirectory() {
    return sandbox.output().orElseThrow(() -> new IllegalStateException("a stage has no output directory"));
  }
}
