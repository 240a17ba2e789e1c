package org.osbuildj.core.assemblers;

import org.osbuildj.core.spi.AssemblerImplementation;
import org.osbuildj.core.spi.NamedStep;

/** A built-in assembler: its schema is {@code <name>.schema.json} beside this package. */
abstract class NativeAssembler extends NamedStep implements AssemblerImplementation {
  NativeAssembler(String name) {
    super(name, NativeAssembler.class);
  }
}
