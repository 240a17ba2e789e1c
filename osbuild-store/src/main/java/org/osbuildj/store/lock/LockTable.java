package org.osbuildj.store.lock;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared and exclusive locks on lock files, between processes and between threads of this JVM.
 *
 * <p>A POSIX record lock belongs to the process, so the JVM refuses a second lock on the same file
 * ({@code OverlappingFileLockException}) and cannot let two threads share one. This table keeps one
 * kernel lock per file and counts its holders in the JVM. It is JVM-wide (not per store) for that
 * reason: two stores opened on one directory in one JVM must still exclude each other.
 */
public final class LockTable {
  private static final LockTable JVM_WIDE = new LockTable();

  private final ConcurrentHashMap<Path, Entry> entries = new ConcurrentHashMap<>();

  private LockTable() {}

  /** The table of this JVM; see the class comment for why there is only one. */
  public static LockTable jvmWide() {
    return JVM_WIDE;
  }

  /** Waits for a shared lock on {@code file}, creating the file when missing. */
  public HeldLock shared(Path file) throws IOException {
    Entry entry = entryFor(file);
    synchronized (entry) {
      while (entry.writer) {
        waitOn(entry);
      }
      if (entry.readers == 0) {
        entry.open(file, true, true);
      }
      entry.readers++;
    }
    return new HeldLock(file, () -> releaseShared(entry));
  }

  /** Waits for an exclusive lock on {@code file}. */
  public HeldLock exclusive(Path file) throws IOException {
    Entry entry = entryFor(file);
    synchronized (entry) {
      while (entry.writer || entry.readers > 0) {
        waitOn(entry);
      }
      entry.open(file, false, true);
      entry.writer = true;
    }
    return new HeldLock(file, () -> releaseExclusive(entry));
  }

  /** An exclusive lock if nobody, here or in another process, holds any lock on {@code file}. */
  public Optional<HeldLock> tryExclusive(Path file) throws IOException {
    Entry entry = entryFor(file);
    synchronized (entry) {
      if (entry.writer || entry.readers > 0 || !entry.open(file, false, false)) {
        return Optional.empty();
      }
      entry.writer = true;
    }
    return Optional.of(new HeldLock(file, () -> releaseExclusive(entry)));
  }

  private Entry entryFor(Path file) {
    return entries.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Entry());
  }

  private static void releaseShared(Entry entry) {
    synchronized (entry) {
      entry.readers--;
      if (entry.readers == 0) {
        entry.close();
      }
      entry.notifyAll();
    }
  }

  private static void releaseExclusive(Entry entry) {
    synchronized (entry) {
      entry.writer = false;
      entry.close();
      entry.notifyAll();
    }
  }

  private static void waitOn(Object monitor) throws IOException {
    try {
      monitor.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a store lock");
    }
  }

  /** One lock file: the kernel lock while anyone in this JVM holds it, and who holds it. */
  private static final class Entry {
    int readers;
    boolean writer;
    FileChannel channel;
    FileLock lock;

    /**
     * Takes the kernel lock; false only when {@code wait} is false and another process holds it.
     */
    boolean open(Path file, boolean shared, boolean wait) throws IOException {
      channel = openNotFollowing(file);
      try {
        lock =
            wait
                ? channel.lock(0, Long.MAX_VALUE, shared)
                : channel.tryLock(0, Long.MAX_VALUE, shared);
      } catch (IOException | RuntimeException e) {
        close();
        throw e;
      }
      if (lock == null) {
        close();
        return false;
      }
      return true;
    }

    /**
     * Opens the lock file, creating it when missing, never through a link planted at its name: a
     * root build would create a file wherever it points.
     */
    private static FileChannel openNotFollowing(Path file) throws IOException {
      try {
        return FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        if (Files.isSymbolicLink(file)) {
          throw new FileSystemException(
              file.toString(), null, "a symbolic link where a lock file belongs; not followed");
        }
        throw e;
      }
    }

    void close() {
      try {
        if (channel != null) {
          channel.close(); // releases the lock too
        }
      } catch (IOException e) {
        throw new UncheckedIOException("closing lock file", e);
      } finally {
        channel = null;
        lock = null;
      }
    }
  }
}
