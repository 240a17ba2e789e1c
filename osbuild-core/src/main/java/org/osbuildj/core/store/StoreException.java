package org.osbuildj.core.store;

import org.osbuildj.core.OsbuildException;

/** The store cannot be used: missing, unwritable, locked by a broken process, or corrupt. */
public class StoreException extends OsbuildException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
