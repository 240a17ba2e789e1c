package org.osbuildj.store.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osbuildj.core.tree.Directories;
import org.osbuildj.store.lock.HeldLock;

/**
 * A private directory under {@code tmp/}, owned by this process through the lock on its lock file.
 * Closing it deletes whatever is still in it.
 */
public final class TmpEntry implements AutoCloseable {
  private final Path dir;
  private final HeldLock lock;
  private boolean closed;

  TmpEntry(Path dir, HeldLock lock) {
    this.dir = dir;
    this.lock = lock;
  }

  public Path path() {
    return dir;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Directories.deleteRecursively(dir);
      Files.deleteIfExists(lock.file());
    } finally {
      lock.close();
    }
  }
}
