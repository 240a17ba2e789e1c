package org.osbuildj.store.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a stored tree or overlay layer as an OCI layer tar: every member in name order (each
 * directory's entries sorted), with the tree's own owners, modes, modification times (to the
 * nanosecond), extended attributes and device numbers, so the same directory always gives the same
 * bytes and extracting it gives the same tree back. Hard links within the directory stay hard
 * links. In an overlay layer, a whiteout (a character device 0/0) becomes an OCI whiteout {@code
 * .wh.NAME} and an opaque directory ({@code trusted.overlay.opaque=y}) gets a {@code .wh..wh..opq}
 * member right after it; overlayfs's other private attributes ({@code trusted.overlay.*}) are left
 * out. Sockets cannot be archived and are left out with a warning.
 */
public final class LayerArchive {
  private static final Logger LOG = LoggerFactory.getLogger(LayerArchive.class);
  static final String OVERLAY_XATTR_PREFIX = "trusted.overlay.";
  static final String OPAQUE_XATTR = "trusted.overlay.opaque";
  static final String OPAQUE_MARKER = ".wh..wh..opq";
  static final String WHITEOUT_PREFIX = ".wh.";

  static final int S_IFMT = 0170000;
  static final int S_IFSOCK = 0140000;
  static final int S_IFLNK = 0120000;
  static final int S_IFREG = 0100000;
  static final int S_IFBLK = 060000;
  static final int S_IFDIR = 040000;
  static final int S_IFCHR = 020000;
  static final int S_IFIFO = 010000;

  private final Path root;
  private final boolean overlayLayer;
  private final TarWriter tar;
  private final Map<String, String> firstNameOfInode = new HashMap<>();

  private LayerArchive(Path root, boolean overlayLayer, OutputStream out) {
    this.root = root;
    this.overlayLayer = overlayLayer;
    this.tar = new TarWriter(out);
  }

  /**
   * Writes {@code directory} as a layer tar to {@code out} (not closed).
   *
   * @param overlayLayer whether the directory is an overlay upper layer, whose whiteouts and opaque
   *     directories are turned into OCI's; a plain tree's character devices stay devices
   */
  public static void write(Path directory, boolean overlayLayer, OutputStream out)
      throws IOException {
    LayerArchive archive = new LayerArchive(directory, overlayLayer, out);
    archive.member(directory, "./");
    archive.children(directory, "");
    archive.tar.close();
  }

  private void children(Path dir, String prefix) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) names.add(entry.getFileName().toString());
    }
    names.sort(LayerArchive::compareBytes);
    for (String name : names) {
      Path path = dir.resolve(name);
      boolean directory = member(path, prefix + name);
      if (directory) children(path, prefix + name + "/");
    }
  }

  /** Archives one member; returns true when it is a directory whose entries follow. */
  private boolean member(Path path, String name) throws IOException {
    Map<String, Object> a =
        Files.readAttributes(
            path,
            "unix:mode,uid,gid,ino,dev,nlink,rdev,size,lastModifiedTime",
            LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    int type = mode & S_IFMT;
    long rdev = (Long) a.get("rdev");
    Instant mtime = ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toInstant();
    if (overlayLayer && type == S_IFCHR && rdev == 0) {
      int slash = name.lastIndexOf('/');
      tar.write(
          TarEntry.whiteout(
              name.substring(0, slash + 1), name.substring(slash + 1), mtime.getEpochSecond()),
          null);
      return false;
    }
    if (type == S_IFSOCK) {
      LOG.warn("remote store: {} is a socket, which a layer cannot hold; left out", path);
      return false;
    }
    Map<String, byte[]> xattrs = NativeFiles.xattrs(path);
    boolean opaque = false;
    if (overlayLayer) {
      byte[] marker = xattrs.get(OPAQUE_XATTR);
      opaque = marker != null && new String(marker, StandardCharsets.UTF_8).equals("y");
    }
    xattrs.keySet().removeIf(k -> k.startsWith(OVERLAY_XATTR_PREFIX));
    TarEntry.Type kind;
    String link = "";
    long size = 0;
    int major = 0;
    int minor = 0;
    switch (type) {
      case S_IFDIR -> kind = TarEntry.Type.DIRECTORY;
      case S_IFLNK -> {
        kind = TarEntry.Type.SYMLINK;
        link = Files.readSymbolicLink(path).toString();
      }
      case S_IFREG -> {
        kind = TarEntry.Type.FILE;
        size = (Long) a.get("size");
      }
      case S_IFCHR, S_IFBLK -> {
        kind = type == S_IFCHR ? TarEntry.Type.CHAR_DEVICE : TarEntry.Type.BLOCK_DEVICE;
        major = NativeFiles.major(rdev);
        minor = NativeFiles.minor(rdev);
      }
      case S_IFIFO -> kind = TarEntry.Type.FIFO;
      default ->
          throw new IOException(
              path + " is of an unknown file type " + Integer.toOctalString(type));
    }
    if (kind != TarEntry.Type.DIRECTORY && (Integer) a.get("nlink") > 1) {
      String key = a.get("dev") + ":" + a.get("ino");
      String first = firstNameOfInode.putIfAbsent(key, name);
      if (first != null) {
        tar.write(
            new TarEntry(
                name,
                TarEntry.Type.HARDLINK,
                mode & 07777,
                (Integer) a.get("uid"),
                (Integer) a.get("gid"),
                mtime.getEpochSecond(),
                mtime.getNano(),
                0,
                first,
                0,
                0,
                Map.of()),
            null);
        return false;
      }
    }
    String memberName = kind == TarEntry.Type.DIRECTORY && !name.endsWith("/") ? name + "/" : name;
    TarEntry entry =
        new TarEntry(
            memberName,
            kind,
            mode & 07777,
            (Integer) a.get("uid"),
            (Integer) a.get("gid"),
            mtime.getEpochSecond(),
            mtime.getNano(),
            size,
            link,
            major,
            minor,
            xattrs);
    if (kind == TarEntry.Type.FILE) {
      try (InputStream content = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
        tar.write(entry, content);
      }
    } else {
      tar.write(entry, null);
    }
    if (opaque) {
      String dir = name.equals("./") ? "" : memberName;
      tar.write(
          new TarEntry(
              dir + OPAQUE_MARKER,
              TarEntry.Type.FILE,
              0,
              0,
              0,
              mtime.getEpochSecond(),
              0,
              0,
              "",
              0,
              0,
              Map.of()),
          null);
    }
    return kind == TarEntry.Type.DIRECTORY;
  }

  /** Orders names by their bytes, as GNU tar's --sort=name does. */
  static int compareBytes(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
