package org.osbuildj.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Helpers for tests that build small trees on disk and check that nothing outside them changed:
 * snapshots of a directory, and a watch on the host files a tree escape would hit first.
 */
public final class TreeFixtures {
  private TreeFixtures() {}

  /**
   * Everything that identifies a directory's content, by relative path: type, mode, owner, size,
   * modification time, a hash of the bytes, link targets. Links are recorded, never followed.
   */
  public static Map<String, String> snapshot(Path directory) {
    Map<String, String> entries = new TreeMap<>();
    try {
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              entries.put(directory.relativize(dir).toString(), describe(dir));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              entries.put(directory.relativize(file).toString(), describe(file));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  private static String describe(Path path) throws IOException {
    Map<String, Object> attrs =
        Files.readAttributes(
            path, "unix:mode,uid,gid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    String common =
        Integer.toOctalString((Integer) attrs.get("mode"))
            + " "
            + attrs.get("uid")
            + ":"
            + attrs.get("gid")
            + " "
            + attrs.get("lastModifiedTime");
    if (Files.isSymbolicLink(path)) {
      return "link " + common + " -> " + Files.readSymbolicLink(path);
    }
    if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      return "file " + common + " " + attrs.get("size") + " " + sha256(Files.readAllBytes(path));
    }
    return "other " + common;
  }

  /** Whether this JVM runs as root (uid 0), for tests that must skip otherwise. */
  public static boolean runningAsRoot() {
    try {
      // /proc/self belongs to the process's effective user.
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** A name that surely exists nowhere yet, for links that point at host paths. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What a tree escape would most likely change on the host: the names in {@code /}, and a few
   * files in {@code /etc}. Take one before a test and {@link #assertUnchanged()} after it.
   */
  public record HostWatch(List<String> rootNames, Map<String, String> etcFiles) {
    private static final List<String> WATCHED =
        List.of(
            "/etc/passwd",
            "/etc/hostname",
            "/etc/timezone",
            "/etc/locale.conf",
            "/etc/default/locale",
            "/etc/localtime");

    public static HostWatch take() {
      try (var names = Files.list(Path.of("/"))) {
        Map<String, String> files = new TreeMap<>();
        for (String name : WATCHED) {
          Path file = Path.of(name);
          files.put(
              name, Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? describe(file) : "absent");
        }
        return new HostWatch(names.map(p -> p.getFileName().toString()).sorted().toList(), files);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public void assertUnchanged() {
      HostWatch now = take();
      assertThat(now.rootNames()).as("names in the host's /").isEqualTo(rootNames);
      assertThat(now.etcFiles()).as("host files in /etc").isEqualTo(etcFiles);
    }
  }
}
