package org.osbuildj.core.executor;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.StepContext;
import org.osbuildj.core.tree.Tree;

/** What the contexts of stages and assemblers running in a sandbox share. */
abstract class SandboxContext implements StepContext {
  private final String id;
  private final Options options;
  private final Sandbox sandbox;
  private final Tree tree;
  private final Optional<Instant> sourceDateEpoch;
  private final StepOutput output;

  SandboxContext(
      String id,
      Options options,
      Sandbox sandbox,
      boolean writable,
      Optional<Instant> sourceDateEpoch,
      StepOutput output) {
    this.id = id;
    this.options = options;
    this.sandbox = sandbox;
    this.tree =
        (writable ? Tree.at(sandbox.tree()) : Tree.readOnlyAt(sandbox.tree()))
            .withOwnerIdShift(sandbox.ownerIdShift());
    this.sourceDateEpoch = sourceDateEpoch;
    this.output = output;
  }

  @Override
  public String stepId() {
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
    output.line(line);
  }

  @Override
  public void progress(long done, long total, String activity) {
    output.progress(done, total, activity);
  }

  @Override
  public void watchOutput(Consumer<String> watcher) {
    output.watch(watcher);
  }
}
