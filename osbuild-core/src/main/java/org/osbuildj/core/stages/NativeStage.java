package org.osbuildj.core.stages;

import java.util.Optional;
import org.osbuildj.core.stage.Schemas;
import org.osbuildj.core.stage.StageImplementation;

/**
 * What every built-in stage shares: its name, and its options schema read from the resource
 * {@code <name>.schema.json} beside this package.
 */
abstract class NativeStage implements StageImplementation {
  private final String name;
  private final String schema;

  NativeStage(String name) {
    this.name = name;
    this.schema = Schemas.resource(NativeStage.class, name + ".schema.json");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Optional<String> optionsSchema() {
    return Optional.of(schema);
  }

  @Override
  public String toString() {
    return name;
  }
}
