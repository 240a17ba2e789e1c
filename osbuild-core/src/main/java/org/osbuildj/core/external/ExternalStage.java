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
    super(name, executable);
  }

  @Override
  public void run(StageContext context) throws Exception {
    runProtocol(context, context.sandbox(), Optional.empty());
  }
}
