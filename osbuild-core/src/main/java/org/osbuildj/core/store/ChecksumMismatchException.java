package org.osbuildj.core.store;

import org.osbuildj.core.OsbuildException;

/**
 * A file's content does not have the SHA-256 it was expected to have, so it was not stored. Carries
 * both checksums, as hex.
 */
public class ChecksumMismatchException extends OsbuildException {
  private final String expected;
  private final String actual;

  public ChecksumMismatchException(String what, String expected, String actual) {
    super(what + " has SHA-256 " + actual + ", expected " + expected);
    this.expected = expected;
    this.actual = actual;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
