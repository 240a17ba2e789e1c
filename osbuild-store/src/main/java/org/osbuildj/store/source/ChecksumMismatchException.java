package org.osbuildj.store.source;

import java.nio.file.Path;

/** A source's content does not have the SHA-256 it was expected to have: fetch it again. */
public class ChecksumMismatchException extends org.osbuildj.core.store.ChecksumMismatchException {
  public ChecksumMismatchException(Path file, String expected, String actual) {
    super("source " + file, expected, actual);
  }

  ChecksumMismatchException(String what, String expected, String actual) {
    super(what, expected, actual);
  }
}
