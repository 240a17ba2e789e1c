package org.osbuildj.store.layout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.osbuildj.core.tree.Directories;
import org.osbuildj.store.lock.HeldLock;
import org.osbuildj.store.lock.LockTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's scratch space. Every entry {@code tmp/NAME} has a lock file {@code tmp/NAME.lock}
 * held exclusively by the process that made it; an entry whose lock can be taken belongs to a
 * process that died, and is deleted.
 */
public final class TmpArea {
  private static final Logger LOG = LoggerFactory.getLogger(TmpArea.class);
  private static final String LOCK_SUFFIX = ".lock";

  /**
   * A lock file without its directory is either a crash's leftover or an entry being born (the lock
   * is taken before the directory is made). Only old ones are deleted, so a birth is never
   * disturbed: deleting its lock file would let a cleaner take a fresh lock on the same name.
   */
  private static final Duration ORPHAN_LOCK_AGE = Duration.ofMinutes(1);

  private final Path dir;
  private final LockTable locks;

  public TmpArea(Path dir, LockTable locks) {
    this.dir = dir;
    this.locks = locks;
  }

  /** A new private directory; {@code purpose} only makes leftovers readable to a person. */
  public TmpEntry create(String purpose) throws IOException {
    String name = purpose + "-" + UUID.randomUUID();
    HeldLock lock = locks.exclusive(dir.resolve(name + LOCK_SUFFIX));
    try {
      Path entry = Files.createDirectory(dir.resolve(name));
      return new TmpEntry(entry, lock);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(lock.file());
      lock.close();
      throw e;
    }
  }

  /**
   * When the oldest entry whose owner is alive was made (its lock file's time): a build running
   * since then may be writing into the store (its step logs) without owning an object yet.
   */
  public Optional<Instant> oldestLiveEntry() throws IOException {
    Optional<Instant> oldest = Optional.empty();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, "*" + LOCK_SUFFIX)) {
      for (Path lockFile : children) {
        String name = lockFile.getFileName().toString();
        Path entry = dir.resolve(name.substring(0, name.length() - LOCK_SUFFIX.length()));
        if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        Optional<HeldLock> free = locks.tryExclusive(lockFile);
        if (free.isPresent()) {
          free.get().close(); // its owner is gone
          continue;
        }
        try {
          Instant born = Files.getLastModifiedTime(lockFile).toInstant();
          if (oldest.isEmpty() || born.isBefore(oldest.get())) {
            oldest = Optional.of(born);
          }
        } catch (NoSuchFileException e) {
          // closed meanwhile
        }
      }
    }
    return oldest;
  }

  /** Deletes the entries of processes that are gone; returns how many. */
  public int cleanLeftovers() throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        if (name.endsWith(LOCK_SUFFIX)) {
          removeOrphanLock(child, name);
        } else if (removeIfUnowned(child)) {
          removed++;
        }
      }
    }
    return removed;
  }

  private boolean removeIfUnowned(Path entry) throws IOException {
    Path lockFile = entry.resolveSibling(entry.getFileName() + LOCK_SUFFIX);
    Optional<HeldLock> lock = locks.tryExclusive(lockFile);
    if (lock.isEmpty()) {
      return false;
    }
    try (HeldLock held = lock.get()) {
      LOG.info("store: removing {} left behind by a builder that stopped", entry);
      Directories.deleteRecursively(entry);
      Files.deleteIfExists(lockFile);
      return true;
    }
  }

  private void removeOrphanLock(Path lockFile, String name) throws IOException {
    Path entry = lockFile.resolveSibling(name.substring(0, name.length() - LOCK_SUFFIX.length()));
    if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(lockFile);
    } catch (NoSuchFileException e) {
      return;
    }
    if (modified.toInstant().isAfter(Instant.now().minus(ORPHAN_LOCK_AGE))) {
      return;
    }
    Optional<HeldLock> lock = locks.tryExclusive(lockFile);
    if (lock.isPresent()) {
      try (HeldLock held = lock.get()) {
        Files.deleteIfExists(lockFile);
      }
    }
  }
}
