package org.osbuildj.store.object;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osbuildj.store.lock.HeldLock;

/**
 * A stored tree and the layers it stands on, top first, each held by a shared lock so that none of
 * them is evicted while this chain is open. In a copy store the chain is a single object.
 */
public final class LockedChain implements AutoCloseable {
  private final List<String> ids;
  private final List<Path> dataDirs;
  private final List<HeldLock> locks;

  LockedChain(List<String> ids, List<Path> dataDirs, List<HeldLock> locks) {
    this.ids = List.copyOf(ids);
    this.dataDirs = List.copyOf(dataDirs);
    this.locks = new ArrayList<>(locks);
  }

  public String top() {
    return ids.get(0);
  }

  public List<String> ids() {
    return ids;
  }

  /** The directories of the objects' content, top first: overlayfs's lowerdir order. */
  public List<Path> dataDirs() {
    return dataDirs;
  }

  @Override
  public void close() {
    for (HeldLock lock : locks) {
      lock.close();
    }
  }
}
