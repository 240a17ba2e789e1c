package org.osbuildj.core.manifest;

/**
 * One thing wrong with a manifest: where (a JSON path such as {@code .build.stages[2].options}, or
 * {@code .} for the whole document) and what was expected there.
 */
public record Problem(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
