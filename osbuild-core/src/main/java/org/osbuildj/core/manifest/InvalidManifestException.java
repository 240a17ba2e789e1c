package org.osbuildj.core.manifest;

import java.util.List;
import java.util.stream.Collectors;
import org.osbuildj.core.OsbuildException;

/**
 * The manifest, or a stage's options, is not what osbuild-java accepts. Raised before anything
 * runs, so nothing has been written to the store. Carries every problem found, each with its JSON
 * path.
 */
public class InvalidManifestException extends OsbuildException {
  private final List<Problem> problems;

  public InvalidManifestException(List<Problem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidManifestException(String path, String message) {
    this(List.of(new Problem(path, message)));
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String describe(List<Problem> problems) {
    return "invalid manifest:\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}
