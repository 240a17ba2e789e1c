package org.osbuildj.core.source;

import java.util.Optional;
import java.util.regex.Pattern;
import org.osbuildj.core.json.Sha256;

/**
 * A file's checksum as osbuild writes it, {@code sha256:} and 64 lower-case hex digits. osbuild
 * also accepted md5, sha1, sha384 and sha512; only SHA-256 is taken here, the one the store keeps
 * files by.
 *
 * <pre>{@code
 * Checksum checksum = Checksum.parse("sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae");
 * }</pre>
 *
 * @param sha256 the SHA-256 as 64 lower-case hex digits
 */
public record Checksum(String sha256) implements Comparable<Checksum> {
  public static final String SHA256_PREFIX = "sha256:";

  private static final Pattern OTHER_ALGORITHM = Pattern.compile("(md5|sha1|sha384|sha512):.*");

  public Checksum {
    if (!Sha256.isHex(sha256)) {
      throw new IllegalArgumentException(
          "a SHA-256 is 64 lower-case hex digits, not '" + sha256 + "'");
    }
  }

  /**
   * The checksum written as {@code sha256:<hex>}.
   *
   * @throws IllegalArgumentException saying what is wrong with it, as {@link #problem} does
   */
  public static Checksum parse(String text) {
    Optional<String> problem = problem(text);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
    return new Checksum(text.substring(SHA256_PREFIX.length()));
  }

  /** What is wrong with {@code text} as a checksum, for a reader's message; empty when nothing. */
  public static Optional<String> problem(String text) {
    if (text.startsWith(SHA256_PREFIX) && Sha256.isHex(text.substring(SHA256_PREFIX.length()))) {
      return Optional.empty();
    }
    if (OTHER_ALGORITHM.matcher(text).matches()) {
      return Optional.of(
          "only sha256 checksums are supported (sha256:<64 lower-case hex digits>), got '"
              + text
              + "': osbuild also accepted md5, sha1, sha384 and sha512, which are not implemented"
              + " here");
    }
    return Optional.of("expected a checksum sha256:<64 lower-case hex digits>, got '" + text + "'");
  }

  @Override
  public int compareTo(Checksum other) {
    return sha256.compareTo(other.sha256);
  }

  /** {@code sha256:<hex>}, as manifests write it and as the file is named for stages. */
  @Override
  public String toString() {
    return SHA256_PREFIX + sha256;
  }
}
