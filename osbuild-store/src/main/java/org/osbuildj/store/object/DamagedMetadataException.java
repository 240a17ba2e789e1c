package org.osbuildj.store.object;

import java.nio.file.Path;
import org.osbuildj.core.store.StoreException;

/** An object's {@code meta.json} that cannot be read as one: what is wrong, and with which file. */
public final class DamagedMetadataException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String reason;

  DamagedMetadataException(Path file, String reason, Throwable cause) {
    super("damaged object metadata " + file + ": " + reason, cause);
    this.file = file;
    this.reason = reason;
  }

  public Path file() {
    return file;
  }

  public String reason() {
    return reason;
  }
}
