package org.osbuildj.core.executor;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.osbuildj.core.isolation.IsolationException;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.AssemblerContext;

/**
 * The context the executor hands to an assembler running in a sandbox: the tree read-only, and the
 * sandbox's output directory. Public so that a test can run one assembler directly.
 */
public final class SandboxAssemblerContext extends SandboxContext implements AssemblerContext {
  private final Path outputDirectory;

  /**
   * @throws IsolationException when the sandbox was made without an output directory
   */
  public SandboxAssemblerContext(
      String id,
      Options options,
      Sandbox sandbox,
      Optional<Instant> sourceDateEpoch,
      StepOutput output) {
    super(id, options, sandbox, false, sourceDateEpoch, output);
    this.outputDirectory =
        sandbox
            .output()
            .orElseThrow(
                () ->
                    new IsolationException(
                        "an assembler's sandbox needs an output directory (SandboxSpec.forAssembler)"));
  }

  @Override
  public Path outputDirectory() {
    return outputDirectory;
  }
}
