package org.osbuildj.examples.launcher;

/** The launcher's {@code --progress} values. */
enum ProgressStyle {
  AUTO,
  TERM,
  PLAIN,
  QUIET
}
