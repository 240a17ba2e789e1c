package org.osbuildj.core.source;

import java.util.List;

/**
 * What one source of a manifest holds, by its type: today only {@link UrlSource}, files fetched
 * from URLs. Other types of osbuild's (ostree commits, inline data) would be further
 * implementations.
 */
public sealed interface Source permits UrlSource {

  /** Every file this source makes available, in checksum order. */
  List<RemoteFile> files();
}
