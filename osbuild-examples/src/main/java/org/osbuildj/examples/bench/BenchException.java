package org.osbuildj.examples.bench;

/** A benchmark could not measure what it set out to: a build failed or a tool is missing. */
final class BenchException extends RuntimeException {
  BenchException(String message) {
    super(message);
  }
}
