package org.osbuildj.core.store;

import java.io.IOException;
import java.nio.file.Path;

/** A directory of stored source files made for one build (see {@link SourceStore#view}). */
public interface SourceView extends AutoCloseable {

  /** The directory; show it to stages read-only only. */
  Path directory();

  /** Deletes the directory; the stored files stay. */
  @Override
  void close() throws IOException;
}
