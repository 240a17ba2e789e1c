package org.osbuildj.core.build;

import java.util.List;
import java.util.stream.Collectors;
import org.osbuildj.core.OsbuildException;
import org.osbuildj.core.stage.HostTool;

/** Programs the pipeline's steps need are missing from the host; nothing has run. */
public class HostToolMissingException extends OsbuildException {
  private final List<HostTool> missing;

  public HostToolMissingException(List<HostTool> missing) {
    super("missing on this host: " + missing.stream().map(HostTool::program).collect(Collectors.joining(", "))
        + "; install the Debian packages: apt-get install " + String.join(" ", packages(missing)));
    this.missing = List.copyOf(missing);
  }

  public List<HostTool> missing() {
    return missing;
  }

  /** The Debian packages to install, each once, in a stable order. */
  public List<String> packages() {
    return packages(missing);
  }

  private static List<String> packages(List<HostTool> tools) {
    return tools.stream().map(HostTool::debianPackage).distinct().sorted().toList();
  }
}
