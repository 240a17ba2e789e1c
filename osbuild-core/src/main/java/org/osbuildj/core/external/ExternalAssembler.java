package org.osbuildj.core.external;

import java.nio.file.Path;
import org.osbuildj.core.spi.AssemblerContext;
import org.osbuildj.core.spi.AssemblerImplementation;

/** An assembler implemented by an executable {@code <libdir>/assemblers/<name>}. */
public final class ExternalAssembler extends ExternalStep implements AssemblerImplementation {
  public ExternalAssembler(String name, Path executable) {
    super(name, executable);
  }

  @Override
  public void assemble(AssemblerContext context) throws Exception {
    runProtocol(context, context.sandbox(), context.sandbox().outputInRoot());
  }
}
