package org.osbuildj.core;

/**
 * The root of the failures osbuild-java reports. Each subclass is a kind of failure a caller can
 * act on: an invalid manifest, a failed stage, an unavailable store, a missing host tool.
 */
public class OsbuildException extends RuntimeException {
  public OsbuildException(String message) {
    super(message);
  }

  public OsbuildException(String message, Throwable cause) {
    super(message, cause);
  }
}
