package org.osbuildj.core.external;

import java.nio.file.Path;
import java.util.Optional;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.spi.StageImplementation;

/**
 * A stage implemented by an executable {@code <libdir>/stages/<name>} (see {@link ExternalStep}).
 */
public final class ExternalStage extends ExternalStep implements StageImplementation {
  public ExternalStage(String name, Path executable) {
    this(name, executable, false);
  }

  /**
   * @param mountsBlockDevices whether the user trusts it with the profile that mounts block devices
   */
  public ExternalStage(String name, Path executable, boolean mountsBlockDevices) {
    super(name, executable, mountsBlockDevices);
  }

  @Override
  public void run(StageContext context) throws Exception {
    runProtocol(context, context.sandbox(), Optional.empty());
  }
}
