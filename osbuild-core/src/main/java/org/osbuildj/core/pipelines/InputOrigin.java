package org.osbuildj.core.pipelines;

import java.util.Optional;

/** Where an input's references point: at the manifest's sources, or at its pipelines. */
public enum InputOrigin {
  /** References are items of a source, by checksum ({@code sha256:...}). */
  SOURCE("org.osbuild.source"),
  /** References are pipelines, by name ({@code name:<pipeline>} in the manifest). */
  PIPELINE("org.osbuild.pipeline");

  private final String manifestName;

  InputOrigin(String manifestName) {
    this.manifestName = manifestName;
  }

  /** The name a manifest writes, such as {@code org.osbuild.pipeline}. */
  public String manifestName() {
    return manifestName;
  }

  public static Optional<InputOrigin> of(String manifestName) {
    for (InputOrigin origin : values()) {
      if (origin.manifestName.equals(manifestName)) return Optional.of(origin);
    }
    return Optional.empty();
  }
}
