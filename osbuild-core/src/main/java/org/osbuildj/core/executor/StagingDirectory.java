package org.osbuildj.core.executor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.osbuildj.core.tree.Directories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A build's staging directory in the output directory, {@code .assembling-NAME}, owned through an
 * exclusive lock on its lock file {@code .assembling-NAME.lock}, taken before the directory is made
 * and held until it is deleted. The kernel drops the lock of a process that dies, even by {@code
 * kill -9}: the next build into the output directory takes the lock and removes what the dead build
 * left, however large, and never touches the staging of a build that still runs.
 */
final class StagingDirectory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StagingDirectory.class);
  static final String PREFIX = ".assembling-";
  private static final String LOCK_SUFFIX = ".lock";

  /**
   * A lock file without its directory is a crash's leftover or a staging being born (the lock comes
   * first): only old ones go, so a birth is never disturbed.
   */
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private static final Duration ORPHAN_LOCK_AGE = Duration.ofMinutes(1);

  /**
   * The lock files this JVM holds. A POSIX lock belongs to the process, and closing any channel on
   * the file drops it: this JVM must never open another build's lock file of its own to test it.
   */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final Path lockFile;
  private final FileChannel channel;

  private StagingDirectory(Path directory, Path lockFile, FileChannel channel) {
    this.directory = directory;
    this.lockFile = lockFile;
    this.channel = channel;
  }

  /** A new staging directory in {@code outputDir}, locked by this build. */
  static StagingDirectory create(Path outputDir) throws IOException {
    String name = PREFIX + UUID.randomUUID();
    Path lockFile = outputDir.resolve(name + LOCK_SUFFIX).toAbsolutePath();
    // CREATE_NEW: never a file (or a link) someone put there.
    FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      if (channel.tryLock() == null) {
        throw new IOException("cannot lock " + lockFile + ", which this build just created");
      }
      HELD_HERE.add(lockFile);
      return new StagingDirectory(
          Files.createDirectory(outputDir.resolve(name), OWNER_ONLY), lockFile, channel);
    } catch (IOException | RuntimeException e) {
      HELD_HERE.remove(lockFile);
      Files.deleteIfExists(lockFile);
      channel.close();
      throw e;
    }
  }

  Path path() {
    return directory;
  }

  @Override
  public void close() throws IOException {
    try {
      Directories.deleteRecursively(directory);
      Files.deleteIfExists(lockFile);
    } finally {
      HELD_HERE.remove(lockFile);
      channel.close(); // releases the lock
    }
  }

  /**
   * Removes the staging directories that builds which stopped left in {@code outputDir}. Best
   * effort: what cannot be removed now is left for a later build, and never fails this one.
   */
  static void removeStale(Path outputDir) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(outputDir, PREFIX + "*")) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        try {
          if (name.endsWith(LOCK_SUFFIX)) {
            removeOrphanLock(entry);
          } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            removeIfUnowned(entry, entry.resolveSibling(name + LOCK_SUFFIX).toAbsolutePath());
          }
        } catch (IOException | RuntimeException e) {
          LOG.warn("cannot remove {}, which a stopped build left: {}", entry, e.toString());
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot look for staging directories left in {}: {}", outputDir, e.toString());
    }
  }

  private static void removeIfUnowned(Path staging, Path lockFile) throws IOException {
    if (HELD_HERE.contains(lockFile)) return;
    // NOFOLLOW_LINKS: a link planted as the lock file is no lock, and nothing is created through
    // it.
    try (FileChannel channel =
            FileChannel.open(
                lockFile,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        FileLock lock = tryLock(channel)) {
      if (lock == null) return;
      LOG.info("removing {}, left by a build that stopped during its assembler", staging);
      Directories.deleteRecursively(staging);
      Files.deleteIfExists(lockFile);
    }
  }

  private static void removeOrphanLock(Path lockFile) throws IOException {
    String name = lockFile.getFileName().toString();
    Path staging = lockFile.resolveSibling(name.substring(0, name.length() - LOCK_SUFFIX.length()));
    if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)
        || HELD_HERE.contains(lockFile.toAbsolutePath())
        || !Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Instant modified = Files.getLastModifiedTime(lockFile).toInstant();
      if (modified.isAfter(Instant.now().minus(ORPHAN_LOCK_AGE))) return;
    } catch (NoSuchFileException e) {
      return;
    }
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileLock lock = tryLock(channel)) {
      if (lock != null) Files.deleteIfExists(lockFile);
    } catch (NoSuchFileException e) {
      // Removed by another build meanwhile.
    }
  }

  /** The lock, or null when anyone holds it, in another process or (by other means) in this JVM. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }
}
