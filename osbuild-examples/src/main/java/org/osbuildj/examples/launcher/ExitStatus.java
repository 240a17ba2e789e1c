package org.osbuildj.examples.launcher;

/** The launcher's exit statuses, the same as osbuild's. */
final class ExitStatus {
  static final int SUCCESS = 0;
  static final int BUILD_FAILED = 1;
  static final int INVALID_INPUT = 2;

  private ExitStatus() {}
}
