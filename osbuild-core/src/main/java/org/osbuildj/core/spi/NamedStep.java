package org.osbuildj.core.spi;

import java.util.Optional;

/**
 * What every built-in stage and assembler shares: its name, and its options schema read from the
 * resource {@code <name>.schema.json} beside the class that names the package it lives in.
 */
public abstract class NamedStep implements StepImplementation {
  private final String name;
  private final String schema;

  /**
   * @param schemaOwner a class in the package whose resources hold {@code <name>.schema.json}
   */
  protected NamedStep(String name, Class<?> schemaOwner) {
    this.name = name;
    this.schema = Schemas.resource(schemaOwner, name + ".schema.json");
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
