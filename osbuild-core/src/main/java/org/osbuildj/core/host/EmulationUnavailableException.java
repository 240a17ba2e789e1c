package org.osbuildj.core.host;

import org.osbuildj.core.OsbuildException;

/**
 * A tree's programs are of another architecture than the host's, and the kernel cannot be made to
 * run them in the sandbox: no emulator registered with binfmt_misc (with the {@code F} flag), and
 * this process could not register one. The message says what to do.
 */
public class EmulationUnavailableException extends OsbuildException {
  public EmulationUnavailableException(String message) {
    super(message);
  }

  public EmulationUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
