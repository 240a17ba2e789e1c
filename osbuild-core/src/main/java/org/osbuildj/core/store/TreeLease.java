package org.osbuildj.core.store;

import java.io.IOException;
import org.osbuildj.core.isolation.TreeMount;

/** A stored tree held for reading; it is not evicted until the lease is closed. */
public interface TreeLease extends AutoCloseable {

  String treeId();

  /** How to make the tree appear (read-only) in a sandbox. */
  TreeMount mount();

  @Override
  void close() throws IOException;
}
