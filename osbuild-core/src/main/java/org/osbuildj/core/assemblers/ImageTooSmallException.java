package org.osbuildj.core.assemblers;

import org.osbuildj.core.OsbuildException;
import org.osbuildj.core.disk.DataSize;

/** The tree does not fit the image size asked for; the message says how large it must be. */
public class ImageTooSmallException extends OsbuildException {
  private final transient DataSize needed;

  public ImageTooSmallException(String message, DataSize needed, Throwable cause) {
    super(message, cause);
    this.needed = needed;
  }

  /**
   * The smallest size the tree fits, by the estimate; a little more leaves room to write in the
   * image.
   */
  public DataSize needed() {
    return needed;
  }
}
