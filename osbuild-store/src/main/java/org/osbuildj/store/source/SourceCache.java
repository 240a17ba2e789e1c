package org.osbuildj.store.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.store.SourceStore;
import org.osbuildj.core.store.SourceView;
import org.osbuildj.core.store.StoreException;
import org.osbuildj.store.fs.Durability;
import org.osbuildj.store.layout.TmpArea;
import org.osbuildj.store.layout.TmpEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files a build fetched (packages, downloads), kept by SHA-256 under {@code sources/sha256/}. A
 * file enters complete (written to tmp, hashed on the way, flushed, renamed), read-only, and is
 * verified again on every read, so a disk error or a hand edit is caught instead of built into an
 * image.
 *
 * <pre>{@code
 * String sha = store.sources().put(downloaded, expectedSha256);
 * Path deb = store.sources().get(sha).orElseThrow();
 * }</pre>
 */
public final class SourceCache implements SourceStore {
  private static final Logger LOG = LoggerFactory.getLogger(SourceCache.class);

  private static final Set<PosixFilePermission> READ_ONLY =
      PosixFilePermissions.fromString("r--r--r--");

  private final Path dir;
  private final TmpArea tmp;
  private final Use use;

  /**
   * Called before the cache's files are read or added, so the store can keep the size limit away
   * from them while a build needs them.
   */
  @FunctionalInterface
  public interface Use {
    void mark() throws IOException;
  }

  public SourceCache(Path sourcesRoot, TmpArea tmp) {
    this(sourcesRoot, tmp, () -> {});
  }

  public SourceCache(Path sourcesRoot, TmpArea tmp, Use use) {
    this.dir = sourcesRoot.resolve("sha256");
    this.tmp = tmp;
    this.use = use;
  }

  /** Stores a copy of {@code file} and returns its SHA-256 (hex). */
  public String put(Path file) throws IOException {
    return store(out -> Files.copy(file, out), Optional.empty(), "source " + file);
  }

  /**
   * Stores a copy of {@code file} if it has {@code expectedSha256}; otherwise stores nothing and
   * throws.
   */
  public String put(Path file, String expectedSha256) throws IOException {
    return store(
        out -> Files.copy(file, out), Optional.of(checkSha(expectedSha256)), "source " + file);
  }

  @Override
  public void add(String sha256, Content content) throws IOException {
    store(content, Optional.of(checkSha(sha256)), "the content fetched for " + sha256);
  }

  /** The stored file with this SHA-256, verified; a corrupt one is removed and reported missing. */
  public Optional<Path> get(String sha256) throws IOException {
    Path file = dir.resolve(checkSha(sha256));
    use.mark();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String actual;
    try (InputStream in = Files.newInputStream(file)) {
      actual = hash(in::transferTo, OutputStream.nullOutputStream());
    }
    if (!actual.equals(sha256)) {
      LOG.warn(
          "store: source {} is corrupt (its content has SHA-256 {}); removing it", file, actual);
      Files.deleteIfExists(file);
      return Optional.empty();
    }
    markUsed(file);
    return Optional.of(file);
  }

  /** Its time is its last use, which orders eviction by the size limit. */
  private static void markUsed(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException e) {
      LOG.debug("store: could not record the use of {}: {}", file, e.getMessage());
    }
  }

  @Override
  public boolean has(String sha256) throws IOException {
    return get(sha256).isPresent();
  }

  /** Whether a file with this SHA-256 is stored (without verifying it). */
  public boolean contains(String sha256) {
    return Files.isRegularFile(dir.resolve(checkSha(sha256)));
  }

  /**
   * A view in the store's tmp area, whose files are hard links to the stored ones (copies where the
   * filesystem has no hard links): nothing is copied for a build, and a stored file that is evicted
   * or found corrupt meanwhile stays whole in the view.
   */
  @Override
  public SourceView view(Map<String, String> sha256ByPath) throws IOException {
    use.mark();
    TmpEntry entry = tmp.create("sources-view");
    try {
      Path root = Files.createDirectory(entry.path().resolve("sources"));
      for (Map.Entry<String, String> file : sha256ByPath.entrySet()) {
        Path stored = dir.resolve(checkSha(file.getValue()));
        Path target = root.resolve(file.getKey()).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
          throw new IllegalArgumentException(
              "a source's path in a view stays inside it: '" + file.getKey() + "'");
        }
        if (!Files.isRegularFile(stored)) {
          throw new StoreException("source " + file.getValue() + " is not in the store");
        }
        Files.createDirectories(target.getParent());
        link(stored, target);
      }
      return new CacheView(root, entry);
    } catch (IOException | RuntimeException e) {
      entry.close();
      throw e;
    }
  }

  private static void link(Path stored, Path target) throws IOException {
    try {
      Files.createLink(target, stored);
    } catch (FileSystemException | UnsupportedOperationException e) {
      Files.copy(stored, target);
      Files.setPosixFilePermissions(target, READ_ONLY);
    }
  }

  private record CacheView(Path directory, TmpEntry entry) implements SourceView {
    @Override
    public void close() throws IOException {
      entry.close();
    }
  }

  /**
   * A stored file that is not what its name says.
   *
   * @param file the file
   * @param reason what is wrong, in one line
   * @param removed whether it was removed
   */
  public record BadFile(Path file, String reason, boolean removed) {}

  /** What {@link #check} found: how many files it looked at, and the bad ones. */
  public record Check(int files, List<BadFile> bad) {}

  /**
   * Hashes every stored file again; with {@code repair}, removes each one whose content does not
   * match its name (a view a build holds has its own link to the file, so nothing is disturbed).
   */
  public Check check(boolean repair) throws IOException {
    if (!Files.isDirectory(dir)) {
      return new Check(0, List.of());
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      children.forEach(files::add);
    }
    Collections.sort(files);
    List<BadFile> bad = new ArrayList<>();
    for (Path file : files) {
      Optional<String> problem = problemOf(file);
      if (problem.isPresent()) {
        boolean removed = repair && Files.deleteIfExists(file);
        if (removed) {
          LOG.warn("store: removed damaged source {}: {}", file, problem.get());
        }
        bad.add(new BadFile(file, problem.get(), removed));
      }
    }
    return new Check(files.size(), bad);
  }

  private static Optional<String> problemOf(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (!Sha256.isHex(name)) {
      return Optional.of("is not named by a SHA-256");
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of("is not a regular file");
    }
    String actual;
    try (InputStream in = Files.newInputStream(file)) {
      actual = hash(in::transferTo, OutputStream.nullOutputStream());
    } catch (NoSuchFileException e) {
      return Optional.empty(); // removed meanwhile
    }
    return actual.equals(name)
        ? Optional.empty()
        : Optional.of("its content has SHA-256 " + actual);
  }

  /** Removes every stored source. */
  public void removeAll() throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    }
  }

  private String store(Content content, Optional<String> expected, String what) throws IOException {
    use.mark();
    Files.createDirectories(dir);
    try (TmpEntry entry = tmp.create("source")) {
      Path copy = entry.path().resolve("file");
      String actual;
      try (FileChannel channel =
              FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel)) {
        actual = hash(content, out);
        out.flush();
        channel.force(true);
      }
      if (expected.isPresent() && !expected.get().equals(actual)) {
        throw new ChecksumMismatchException(what, expected.get(), actual);
      }
      // Read-only, since a view links it into builds.
      Files.setPosixFilePermissions(copy, READ_ONLY);
      // Same name means same content, so replacing a file another builder just stored is harmless.
      Files.move(copy, dir.resolve(actual), StandardCopyOption.ATOMIC_MOVE);
      Durability.fsync(dir);
      return actual;
    }
  }

  /** Hashes what {@code content} writes on its way to {@code sink}, which stays open. */
  private static String hash(Content content, OutputStream sink) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    DigestOutputStream digesting = new DigestOutputStream(sink, digest);
    content.writeTo(digesting);
    digesting.flush();
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String checkSha(String sha256) {
    if (!Sha256.isHex(sha256)) {
      throw new IllegalArgumentException(
          "a SHA-256 is 64 lower-case hex digits, not '" + sha256 + "'");
    }
    return sha256;
  }
}
