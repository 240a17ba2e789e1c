package org.osbuildj.store.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every entry of a tree as one line: path, type and mode, owner, modification time to the
 * nanosecond, content hash or link target or device numbers, extended attributes. Two trees with
 * equal listings are the same tree as far as an image is concerned. For comparing trees (tests,
 * {@code store pull}'s users).
 */
public final class TreeListing {
  private TreeListing() {}

  public static List<String> of(Path root) throws IOException {
    List<String> lines = new ArrayList<>();
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted().toList();
    }
    for (Path path : paths) {
      Map<String, Object> a =
          Files.readAttributes(
              path, "unix:mode,uid,gid,rdev,lastModifiedTime,nlink", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      String what;
      if (Files.isSymbolicLink(path)) {
        what = "-> " + Files.readSymbolicLink(path);
      } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        what = "sha256:" + sha256(path) + " links " + a.get("nlink");
      } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        what = "dir";
      } else {
        long rdev = (Long) a.get("rdev");
        what = "dev " + NativeFiles.major(rdev) + ":" + NativeFiles.minor(rdev);
      }
      StringBuilder xattrs = new StringBuilder();
      for (Map.Entry<String, byte[]> x : new TreeMap<>(NativeFiles.xattrs(path)).entrySet()) {
        xattrs
            .append(' ')
            .append(x.getKey())
            .append('=')
            .append(HexFormat.of().formatHex(x.getValue()));
      }
      String time = a.get("lastModifiedTime").toString();
      lines.add(
          "/"
              + root.relativize(path)
              + " "
              + Integer.toOctalString(mode)
              + " "
              + a.get("uid")
              + ":"
              + a.get("gid")
              + " "
              + time
              + " "
              + what
              + xattrs);
    }
    return lines;
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[65536];
      for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
