package org.osbuildj.core.fetch;

import org.osbuildj.core.OsbuildException;

/**
 * A source file could not be fetched, or its content did not have its checksum; the build stops
 * before any stage runs. The message names the checksum, the URL and what went wrong (the HTTP
 * status, the I/O error, or both checksums). Files fetched before it stay in the store.
 */
public class SourceFetchException extends OsbuildException {
  private final String checksum;
  private final String url;

  public SourceFetchException(String checksum, String url, String problem, Throwable cause) {
    super("cannot fetch source " + checksum + " from " + url + ": " + problem, cause);
    this.checksum = checksum;
    this.url = url;
  }

  /** The checksum of the file, {@code sha256:<hex>}. */
  public String checksum() {
    return checksum;
  }

  public String url() {
    return url;
  }
}
