package org.osbuildj.core.external;

import java.nio.file.Path;
import org.osbuildj.core.spi.AssemblerContext;
import org.osbuildj.core.spi.AssemblerImplementation;

/** An assembler implemented by an executable {@code <libdir>/assemblers/<name>}. */
public final class ExternalAssembler extends ExternalStep implements AssemblerImplementation {
  public ExternalAssembler(String name, Path executable) {
    this(name, executable, false);
  }

  /**
   * @param mountsBlockDevices whether the user trusts it with the profile that mounts block devices
   */
  public ExternalAssembler(String name, Path executable, boolean mountsBlockDevices) {
    super(name, executable, mountsBlockDevices);
  }

  /** The seed served loop devices to every assembler: its disk assemblers ask for them. */
  @Override
  public boolean usesLoopDevices() {
    return true;
  }

  @Override
  public void assemble(AssemblerContext context) throws Exception {
    runProtocol(context, context.sandbox(), context.sandbox().outputInRoot());
  }
}
