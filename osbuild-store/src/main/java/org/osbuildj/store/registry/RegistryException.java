package org.osbuildj.store.registry;

import java.io.IOException;

/**
 * A registry request failed: unreachable, refused (401/403), a server error, too slow, or what it
 * sent was not what was asked for (a digest or size that does not match). {@link #registryDown()}
 * says whether asking that registry again in this build is pointless.
 */
public class RegistryException extends IOException {
  private final int status;
  private final boolean registryDown;

  public RegistryException(String message, int status, boolean registryDown, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.registryDown = registryDown;
  }

  public RegistryException(String message, int status, boolean registryDown) {
    this(message, status, registryDown, null);
  }

  /** The HTTP status, or 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** Unreachable, refusing us, failing or too slow: the rest of the build does without it. */
  public boolean registryDown() {
    return registryDown;
  }
}
