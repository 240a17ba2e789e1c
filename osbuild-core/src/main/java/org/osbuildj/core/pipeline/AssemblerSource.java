package org.osbuildj.core.pipeline;

/** Anything that yields an assembler: an {@link Assembler} itself, or a typed builder of one. */
@FunctionalInterface
public interface AssemblerSource {
  Assembler toAssembler();
}
