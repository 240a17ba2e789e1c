package org.osbuildj.core.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.osbuildj.core.executor.OptionsValidator;
import org.osbuildj.core.executor.SandboxAssemblerContext;
import org.osbuildj.core.executor.SandboxStageContext;
import org.osbuildj.core.executor.StepOutput;
import org.osbuildj.core.isolation.HostIsolation;
import org.osbuildj.core.isolation.Isolation;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.AssemblerImplementation;
import org.osbuildj.core.spi.StageImplementation;
import org.osbuildj.core.spi.StepImplementation;

/**
 * Runs one stage or assembler implementation directly on a directory, without a pipeline, store or
 * executor: the fast way to unit-test a step. Options are first checked against the step's schema,
 * as the executor would, so a test cannot pass options the real build would refuse.
 *
 * <pre>{@code
 * List<String> log = StageHarness.of(new HostnameStage())
 *     .options(Json.object().put("hostname", "demo"))
 *     .sourceDateEpoch(Instant.ofEpochSecond(1_700_000_000))
 *     .run(treeDir);
 * }</pre>
 *
 * <p>Commands run through {@link HostIsolation} unless another isolation is given. Immutable.
 */
public final class StageHarness {
  private final StepImplementation step;
  private final Options options;
  private final Optional<Instant> sourceDateEpoch;
  private final Isolation isolation;

  private StageHarness(
      StepImplementation step,
      Options options,
      Optional<Instant> sourceDateEpoch,
      Isolation isolation) {
    this.step = Objects.requireNonNull(step, "step");
    this.options = Objects.requireNonNull(options, "options");
    this.sourceDateEpoch = sourceDateEpoch;
    this.isolation = Objects.requireNonNull(isolation, "isolation");
  }

  /** A harness for this stage or assembler, with empty options, no epoch, on the host. */
  public static StageHarness of(StepImplementation step) {
    return new StageHarness(step, Options.empty(), Optional.empty(), new HostIsolation());
  }

  public StageHarness options(ObjectNode json) {
    return options(Options.of(json));
  }

  public StageHarness options(Options newOptions) {
    return new StageHarness(step, newOptions, sourceDateEpoch, isolation);
  }

  public StageHarness sourceDateEpoch(Instant epoch) {
    return new StageHarness(step, options, Optional.of(epoch), isolation);
  }

  public StageHarness isolation(Isolation other) {
    return new StageHarness(step, options, sourceDateEpoch, other);
  }

  /**
   * Runs the stage on the tree at {@code tree}, writable.
   *
   * @return every line the stage logged and its commands printed, in order
   * @throws IllegalArgumentException if the options break the stage's schema
   */
  public List<String> run(Path tree) throws Exception {
    if (!(step instanceof StageImplementation stage)) {
      throw new IllegalStateException(step.name() + " is not a stage; use assemble(tree, output)");
    }
    checkOptions();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    SandboxSpec spec =
        SandboxSpec.forStage(new TreeMount.Directory(tree), log::add)
            .withNetwork(stage.needsNetwork(options));
    for (var input : stage.inputs().entrySet()) {
      spec = spec.withInput(input.getKey(), input.getValue());
    }
    isolation.run(
        spec,
        sandbox -> {
          stage.run(
              new SandboxStageContext(
                  stageId(), options, sandbox, sourceDateEpoch, StepOutput.logOnly(log::add)));
          return null;
        });
    return List.copyOf(log);
  }

  /**
   * Runs the assembler on the tree at {@code tree}, read-only, writing into {@code output}.
   *
   * @return every line the assembler logged and its commands printed, in order
   */
  public List<String> assemble(Path tree, Path output) throws Exception {
    if (!(step instanceof AssemblerImplementation assembler)) {
      throw new IllegalStateException(step.name() + " is not an assembler; use run(tree)");
    }
    checkOptions();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    SandboxSpec spec = SandboxSpec.forAssembler(new TreeMount.Directory(tree), output, log::add);
    isolation.run(
        spec,
        sandbox -> {
          assembler.assemble(
              new SandboxAssemblerContext(
                  stageId(), options, sandbox, sourceDateEpoch, StepOutput.logOnly(log::add)));
          return null;
        });
    return List.copyOf(log);
  }

  private void checkOptions() {
    List<Problem> problems = new OptionsValidator().validate(step, options, ".options");
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "options " + options + " do not fit the schema of " + step.name() + ": " + problems);
    }
  }

  private String stageId() {
    return Sha256.hex(step.name() + "\n" + options.canonical());
  }
}
