package org.osbuildj.core.assemblers;

import org.osbuildj.core.spi.AssemblerContext;

/** {@code org.osbuild.noop} as an assembler: accepts any options and writes no files. */
public final class NoopAssembler extends NativeAssembler {
  public static final String NAME = "org.osbuild.noop";

  public NoopAssembler() {
    super(NAME);
  }

  @Override
  public void assemble(AssemblerContext context) {
    // Deliberately nothing: a pipeline whose tree is the product (kept in the store) needs no
    // files.
  }
}
