package org.osbuildj.core.assemblers;

import java.util.Optional;
import org.osbuildj.core.stage.AssemblerImplementation;
import org.osbuildj.core.stage.Schemas;

/**
 * What every built-in assembler shares: its name, and its options schema read from the resource
 * {@code <name>.schema.json} beside this package.
 */
abstract class NativeAssembler implements AssemblerImplementation {
  private final String name;
  private final String schema;

  NativeAssembler(String name) {
    this.name = name;
    this.schema = Schemas.resource(NativeAssembler.class, name + ".schema.json");
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
