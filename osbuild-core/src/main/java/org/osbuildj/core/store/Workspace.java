package org.osbuildj.core.store;

import java.io.IOException;
import org.osbuildj.core.isolation.TreeMount;

/** A writable tree being built. Closing it discards what was not committed. */
public interface Workspace extends AutoCloseable {

  /** How to make the tree appear in a sandbox for the next stage. */
  TreeMount mount();

  @Override
  void close() throws IOException;
}
