package org.osbuildj.store.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.store.fs.Durability;
import org.osbuildj.store.layout.TmpArea;
import org.osbuildj.store.layout.TmpEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files a build fetched (packages, downloads), kept by SHA-256 under {@code sources/sha256/}. A
 * file enters complete (copied to tmp, flushed, renamed) and is verified again on every read, so a
 * disk error or a hand edit is caught instead of built into an image.
 *
 * <pre>{@code
 * String sha = store.sources().put(downloaded, expectedSha256);
 * Path deb = store.sources().get(sha).orElseThrow();
 * }</pre>
 */
public final class SourceCache {
  private static final Logger LOG = LoggerFactory.getLogger(SourceCache.class);

  private final Path dir;
  private final TmpArea tmp;

  public SourceCache(Path sourcesRoot, TmpArea tmp) {
    this.dir = sourcesRoot.resolve("sha256");
    this.tmp = tmp;
  }

  /** Stores a copy of {@code file} and returns its SHA-256 (hex). */
  public String put(Path file) throws IOException {
    return store(file, Optional.empty());
  }

  /**
   * Stores a copy of {@code file} if it has {@code expectedSha256}; otherwise stores nothing and
   * throws.
   */
  public String put(Path file, String expectedSha256) throws IOException {
    return store(file, Optional.of(checkSha(expectedSha256)));
  }

  /** The stored file with this SHA-256, verified; a corrupt one is removed and reported missing. */
  public Optional<Path> get(String sha256) throws IOException {
    Path file = dir.resolve(checkSha(sha256));
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String actual;
    try (InputStream in = Files.newInputStream(file)) {
      actual = hash(in, OutputStream.nullOutputStream());
    }
    if (!actual.equals(sha256)) {
      LOG.warn(
          "store: source {} is corrupt (its content has SHA-256 {}); removing it", file, actual);
      Files.deleteIfExists(file);
      return Optional.empty();
    }
    return Optional.of(file);
  }

  /** Whether a file with this SHA-256 is stored (without verifying it). */
  public boolean contains(String sha256) {
    return Files.isRegularFile(dir.resolve(checkSha(sha256)));
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

  private String store(Path file, Optional<String> expected) throws IOException {
    Files.createDirectories(dir);
    try (TmpEntry entry = tmp.create("source")) {
      Path copy = entry.path().resolve("file");
      String actual;
      try (InputStream in = Files.newInputStream(file);
          FileChannel channel =
              FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel)) {
        actual = hash(in, out);
        out.flush();
        channel.force(true);
      }
      if (expected.isPresent() && !expected.get().equals(actual)) {
        throw new ChecksumMismatchException(file, expected.get(), actual);
      }
      // Same name means same content, so replacing a file another builder just stored is harmless.
      Files.move(copy, dir.resolve(actual), StandardCopyOption.ATOMIC_MOVE);
      Durability.fsync(dir);
      return actual;
    }
  }

  private static String hash(InputStream in, OutputStream out) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
      digesting.transferTo(out);
    }
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
