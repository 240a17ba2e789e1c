package org.osbuildj.examples.launcher;

/** The command line asks for something that cannot be done; exit status 2. */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message);
  }
}
