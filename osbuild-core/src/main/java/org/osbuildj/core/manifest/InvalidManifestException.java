package org.osbuildj.core.manifest;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.osbuildj.core.OsbuildException;

/**
 * The manifest, or a stage's options, is not what osbuild-java accepts. Raised before anything
 * runs, so nothing has been written to the store. Carries every problem found, each with its JSON
 * path, and where it is known the manifest's source (its file, or standard input).
 */
public class InvalidManifestException extends OsbuildException {
  private final List<Problem> problems;
  private final String source;

  public InvalidManifestException(List<Problem> problems) {
    this(null, problems);
  }

  public InvalidManifestException(String path, String message) {
    this(List.of(new Problem(path, message)));
  }

  private InvalidManifestException(String source, List<Problem> problems) {
    super(describe(source, problems));
    this.problems = List.copyOf(problems);
    this.source = source;
  }

  /**
   * The same problems, said to be in {@code source} (a file name, or "standard input"); this one
   * when it names its source already.
   */
  public InvalidManifestException in(String source) {
    return this.source != null ? this : new InvalidManifestException(source, problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  /** The file (or "standard input") the manifest was read from, when known. */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }

  private static String describe(String source, List<Problem> problems) {
    return "invalid manifest"
        + (source == null ? "" : " " + source)
        + ":\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}
