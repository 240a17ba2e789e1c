package org.osbuildj.core.isolation;

import java.util.List;
import java.util.stream.Collectors;
import org.osbuildj.core.OsbuildException;
import org.osbuildj.core.stage.HostTool;

/**
 * The build root a step runs in lacks programs the step needs; the message names them and the
 * Debian packages that hold them. Unlike the check made before a build, which looks at the host,
 * this is found inside the sandbox, so it covers a build pipeline's tree too.
 */
public class ToolMissingException extends OsbuildException {
  private final transient List<HostTool> missing;

  public ToolMissingException(String step, List<HostTool> missing) {
    super(step + " needs programs its build root lacks: " + missing.stream()
        .map(t -> t.program() + " (Debian package " + t.debianPackage() + ")").collect(Collectors.joining(", "))
        + "; install them in the build root (the host's, or the build pipeline's)");
    this.missing = List.copyOf(missing);
  }

  public List<HostTool> missing() {
    return missing;
  }
}
