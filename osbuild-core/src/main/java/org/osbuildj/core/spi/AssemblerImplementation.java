package org.osbuildj.core.spi;

/** An assembler's behaviour: turns the read-only tree into files in the output directory. */
public interface AssemblerImplementation extends StepImplementation {

  void assemble(AssemblerContext context) throws Exception;
}
