package org.osbuildj.core.isolation;

import java.util.Map;
import java.util.stream.Collectors;
import org.osbuildj.core.OsbuildException;

/** The build root lacks programs a step runs; the message names them and the Debian packages that hold them. */
public class ToolMissingException extends OsbuildException {
  private final transient Map<String, String> packagesByTool;

  /** @param packagesByTool each missing program, with the Debian package that provides it */
  public ToolMissingException(String step, Map<String, String> packagesByTool) {
    super(step + " needs programs the build root lacks: " + packagesByTool.entrySet().stream()
        .map(e -> e.getKey() + " (Debian package " + e.getValue() + ")").collect(Collectors.joining(", "))
        + "; install them in the build root (the host's, or the build pipeline's)");
    this.packagesByTool = Map.copyOf(packagesByTool);
  }

  public Map<String, String> packagesByTool() {
    return packagesByTool;
  }
}
