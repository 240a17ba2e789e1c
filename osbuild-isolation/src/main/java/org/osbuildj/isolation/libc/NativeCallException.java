package org.osbuildj.isolation.libc;

import org.osbuildj.core.isolation.IsolationException;

/**
 * A libc call failed; the message names the call, its arguments and the error, as in {@code mount
 * /x on /y: EPERM (Operation not permitted)}.
 */
public class NativeCallException extends IsolationException {
  private final int errno;

  public NativeCallException(String call, int errno, String description) {
    super(call + ": " + Errno.name(errno) + " (" + description + ")");
    this.errno = errno;
  }

  /** The errno the call set, for callers that retry on some of them (EBUSY). */
  public int errno() {
    return errno;
  }
}
