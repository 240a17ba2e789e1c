package org.osbuildj.store.source;

import java.nio.file.Path;
import org.osbuildj.core.OsbuildException;

/** A source's content does not have the SHA-256 it was expected to have: fetch it again. */
public class ChecksumMismatchException extends OsbuildException {
  public ChecksumMismatchException(Path file, String expected, String actual) {
    super("source " + file + " has SHA-256 " + actual + ", expected " + expected);
  }
}
