package org.osbuildj.core.isolation;

import org.osbuildj.core.OsbuildException;

/** The sandbox could not be set up or torn down, or asked of an isolation that cannot give it. */
public class IsolationException extends OsbuildException {
  public IsolationException(String message) {
    super(message);
  }

  public IsolationException(String message, Throwable cause) {
    super(message, cause);
  }
}
