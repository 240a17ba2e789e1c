package org.osbuildj.core.executor;

import java.util.List;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.host.ToolMissingException;
import org.osbuildj.core.manifest.InvalidManifestException;
import org.osbuildj.core.manifest.Problem;

/**
 * What {@link Osbuild#check} found in a pipeline before anything runs: the manifest's problems,
 * each with its JSON path, and the tools its steps need that the host lacks.
 *
 * @param problems unknown stages and assemblers, options their schemas refuse, missing bases
 * @param missingTools tools missing on the host, each once, in the order the pipeline needs them;
 *     not looked for when there are problems
 */
public record PipelineCheck(List<Problem> problems, List<HostTool> missingTools) {
  public PipelineCheck {
    problems = List.copyOf(problems);
    missingTools = List.copyOf(missingTools);
  }

  /** Whether the pipeline can be built on this host as it is. */
  public boolean passed() {
    return problems.isEmpty() && missingTools.isEmpty();
  }

  /**
   * @throws InvalidManifestException when the manifest has problems
   */
  public PipelineCheck throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new InvalidManifestException(problems);
    }
    return this;
  }

  /**
   * @throws InvalidManifestException when the manifest has problems
   * @throws ToolMissingException when the host lacks tools, naming the packages to install
   */
  public void throwIfFailed() {
    throwIfInvalid();
    if (!missingTools.isEmpty()) {
      throw ToolMissingException.onHost(missingTools);
    }
  }
}
