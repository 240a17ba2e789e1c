package org.osbuildj.core.stages;

import org.osbuildj.core.spi.StageContext;

/**
 * {@code org.osbuild.noop}: accepts any options and changes nothing; useful in tests and examples.
 */
public final class NoopStage extends NativeStage {
  public static final String NAME = "org.osbuild.noop";

  public NoopStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) {
    // Deliberately nothing: the stage exists so that pipelines and ids can be tested cheaply.
  }
}
