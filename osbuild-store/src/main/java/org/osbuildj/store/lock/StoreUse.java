package org.osbuildj.store.lock;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one open store of this process is using: its open workspaces, leases and source views, and
 * shared locks on what those builds read and write without owning an object (a named cache, the
 * source files). The locks are kept until nothing is open any more (the end of a build), so that
 * the size limit never evicts a cache under a running stage; then {@code whenIdle} runs: the final
 * prune, with everything released.
 */
public final class StoreUse {
  private final LockTable locks;
  private final Runnable whenIdle;
  private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
  private final Map<Path, HeldLock> held = new HashMap<>();

  public StoreUse(LockTable locks, Runnable whenIdle) {
    this.locks = locks;
    this.whenIdle = whenIdle;
  }

  /** Takes a shared lock on {@code lockFile} until this store is idle (or closed), once. */
  public void hold(Path lockFile) throws IOException {
    synchronized (held) {
      if (!held.containsKey(lockFile)) {
        held.put(lockFile, locks.shared(lockFile));
      }
    }
  }

  public void opened(AutoCloseable resource) {
    open.add(resource);
  }

  /** Forgets a closed resource; the last one to go makes the store idle. */
  public void closed(AutoCloseable resource) {
    if (open.remove(resource) && open.isEmpty()) {
      releaseHeld();
      whenIdle.run();
    }
  }

  /** Whether nothing is open: no build of this store is running. */
  public boolean idle() {
    return open.isEmpty();
  }

  /** What is open now, for closing the store. */
  public List<AutoCloseable> openResources() {
    return List.copyOf(open);
  }

  /** Releases the held locks without running {@code whenIdle}: the store is being closed. */
  public void releaseHeld() {
    synchronized (held) {
      held.values().forEach(HeldLock::close);
      held.clear();
    }
  }
}
