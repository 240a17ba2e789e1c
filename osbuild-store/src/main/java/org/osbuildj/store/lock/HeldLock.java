package org.osbuildj.store.lock;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** A lock from a {@link LockTable}; closing it releases it, and a second close does nothing. */
public final class HeldLock implements AutoCloseable {
  private final Path file;
  private final Runnable release;
  private final AtomicBoolean released = new AtomicBoolean();

  HeldLock(Path file, Runnable release) {
    this.file = file;
    this.release = release;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    if (released.compareAndSet(false, true)) {
      release.run();
    }
  }
}
