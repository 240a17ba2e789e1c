package org.osbuildj.core.stages;

import org.osbuildj.core.spi.NamedStep;
import org.osbuildj.core.spi.StageImplementation;

/** A built-in stage: its schema is {@code <name>.schema.json} beside this package. */
abstract class NativeStage extends NamedStep implements StageImplementation {
  NativeStage(String name) {
    super(name, NativeStage.class);
  }
}
