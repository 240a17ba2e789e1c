package org.osbuildj.examples.launcher;

/** The launcher's {@code --isolation} values. */
enum IsolationChoice {
  NAMESPACE,
  HOST
}
