package org.osbuildj.core.executor;

import java.time.Instant;
import java.util.Optional;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.StageContext;

/**
 * The context the executor hands to a stage running in a sandbox, with its tree writable. Public so
 * that a test can run one stage directly, with the same context a build gives it.
 */
public final class SandboxStageContext extends SandboxContext implements StageContext {
  public SandboxStageContext(
      String id,
      Options options,
      Sandbox sandbox,
      Optional<Instant> sourceDateEpoch,
      StepOutput output) {
    super(id, options, sandbox, true, sourceDateEpoch, output);
  }
}
