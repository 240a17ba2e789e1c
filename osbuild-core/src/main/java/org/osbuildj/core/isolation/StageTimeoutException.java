package org.osbuildj.core.isolation;

import java.time.Duration;
import org.osbuildj.core.OsbuildException;

/** A sandbox outlived its timeout; its processes were killed. */
public class StageTimeoutException extends OsbuildException {
  public StageTimeoutException(Duration timeout) {
    super("timed out after " + timeout.toSeconds() + " s; every process of the stage was killed");
  }

  public StageTimeoutException(String message) {
    super(message);
  }
}
