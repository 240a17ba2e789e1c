package org.osbuildj.store.registry;

/**
 * The registry knows who we are and does not let us do this (HTTP 403, or 401 with {@code
 * insufficient_scope} from a token it issued for fewer actions than asked): typically a user who
 * may pull and not push. Pulling may still work when pushing was denied.
 */
public final class RegistryAccessDeniedException extends RegistryException {
  private final boolean pullDenied;

  public RegistryAccessDeniedException(String message, int status, boolean pullDenied) {
    super(message, status, pullDenied);
    this.pullDenied = pullDenied;
  }

  /** Whether pulling was denied (then nothing is left to do there); else pushing was. */
  public boolean pullDenied() {
    return pullDenied;
  }
}
