package org.osbuildj.core.testing;

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
import java.util.Map;
import java.util.TreeMap;

/**
 * Helpers for tests that build small trees on disk and check that nothing outside them changed:
 * snapshots of a directory (of a tree, or of the sacrificial decoy a hostile link aims at).
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

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
