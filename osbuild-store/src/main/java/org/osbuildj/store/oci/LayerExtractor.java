package org.osbuildj.store.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osbuildj.core.tree.Directories;

/**
 * Extracts an OCI layer tar into a directory, keeping owners, modes, times, extended attributes and
 * device nodes. A layer comes from a registry, so it is untrusted: a member that names a path
 * outside the directory ({@code ..}, or through a symbolic link or a file), a hard link to outside,
 * or an attribute of overlayfs's own is refused, and the whole extraction fails.
 *
 * <p>Whiteouts are either kept as overlayfs's ({@link Whiteouts#AS_OVERLAY}: the directory becomes
 * an overlay upper layer) or applied to what earlier layers extracted into the same directory
 * ({@link Whiteouts#APPLY}: the directory becomes the merged tree).
 */
public final class LayerExtractor {
  /** What to do with OCI whiteouts. */
  public enum Whiteouts {
    /** {@code .wh.NAME} becomes a character device 0/0, {@code .wh..wh..opq} an opaque mark. */
    AS_OVERLAY,
    /** {@code .wh.NAME} deletes NAME, {@code .wh..wh..opq} empties its directory of older files. */
    APPLY
  }

  private final Path root;
  private final Whiteouts whiteouts;
  private final Set<Path> madeByThisLayer = new HashSet<>();
  private final List<DirectoryTime> directoryTimes = new ArrayList<>();

  private record DirectoryTime(Path dir, long seconds, int nanos) {}

  private LayerExtractor(Path root, Whiteouts whiteouts) {
    this.root = root.toAbsolutePath().normalize();
    this.whiteouts = whiteouts;
  }

  /** Extracts the tar read from {@code in} into {@code directory}, which must exist. */
  public static void extract(InputStream in, Path directory, Whiteouts whiteouts)
      throws IOException {
    LayerExtractor extractor = new LayerExtractor(directory, whiteouts);
    TarReader tar = new TarReader(in);
    for (TarEntry entry = tar.next(); entry != null; entry = tar.next()) {
      extractor.member(entry, tar);
    }
    // Last, deepest first: making a directory's entries changed its time.
    for (int i = extractor.directoryTimes.size() - 1; i >= 0; i--) {
      DirectoryTime t = extractor.directoryTimes.get(i);
      NativeFiles.setMtime(t.dir(), t.seconds(), t.nanos());
    }
  }

  private void member(TarEntry entry, TarReader tar) throws IOException {
    List<String> parts = components(entry.name());
    if (parts.isEmpty()) {
      if (entry.type() != TarEntry.Type.DIRECTORY) {
        throw new IOException(
            "layer member '" + entry.name() + "' names the root but is no directory");
      }
      attributes(root, entry);
      return;
    }
    Path parent = parentDirectory(parts, entry.name());
    String base = parts.get(parts.size() - 1);
    if (base.startsWith(LayerArchive.WHITEOUT_PREFIX)) {
      whiteout(parent, base, entry);
      return;
    }
    Path path = parent.resolve(base);
    boolean existing = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    if (existing) {
      boolean keepDirectory =
          entry.type() == TarEntry.Type.DIRECTORY
              && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
      if (!keepDirectory) Directories.deleteRecursively(path);
    }
    switch (entry.type()) {
      case DIRECTORY -> {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) Files.createDirectory(path);
      }
      case FILE -> {
        try (InputStream content = tar.content()) {
          Files.copy(content, path);
        }
      }
      case SYMLINK -> Files.createSymbolicLink(path, Path.of(entry.linkName()));
      case HARDLINK -> {
        Path target = inside(entry.linkName(), entry.name());
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
            && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(
              "layer member '"
                  + entry.name()
                  + "' links to '"
                  + entry.linkName()
                  + "', which is not there");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(
              "layer member '" + entry.name() + "' is a hard link to a directory");
        }
        Files.createLink(path, target);
        madeByThisLayer.add(path);
        return;
      }
      case CHAR_DEVICE ->
          NativeFiles.mknod(
              path,
              LayerArchive.S_IFCHR | (entry.mode() & 07777),
              entry.devMajor(),
              entry.devMinor());
      case BLOCK_DEVICE ->
          NativeFiles.mknod(
              path,
              LayerArchive.S_IFBLK | (entry.mode() & 07777),
              entry.devMajor(),
              entry.devMinor());
      case FIFO -> NativeFiles.mknod(path, LayerArchive.S_IFIFO | (entry.mode() & 07777), 0, 0);
    }
    madeByThisLayer.add(path);
    attributes(path, entry);
  }

  private void whiteout(Path parent, String base, TarEntry entry) throws IOException {
    if (base.equals(LayerArchive.OPAQUE_MARKER)) {
      if (whiteouts == Whiteouts.AS_OVERLAY) {
        NativeFiles.setXattr(
            parent, LayerArchive.OPAQUE_XATTR, "y".getBytes(StandardCharsets.UTF_8));
      } else {
        List<Path> older = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent)) {
          for (Path child : children) if (!madeByThisLayer.contains(child)) older.add(child);
        }
        for (Path child : older) Directories.deleteRecursively(child);
      }
      return;
    }
    String hidden = base.substring(LayerArchive.WHITEOUT_PREFIX.length());
    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..") || hidden.contains("/")) {
      throw new IOException("layer whiteout '" + base + "' names no entry");
    }
    Path path = parent.resolve(hidden);
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) Directories.deleteRecursively(path);
    if (whiteouts == Whiteouts.AS_OVERLAY) {
      NativeFiles.mknod(path, LayerArchive.S_IFCHR, 0, 0);
      NativeFiles.setMtime(path, entry.mtimeSeconds(), entry.mtimeNanos());
      madeByThisLayer.add(path);
    }
  }

  private void attributes(Path path, TarEntry entry) throws IOException {
    // The owner first: chown(2) clears set-id bits and file capabilities.
    NativeFiles.lchown(path, entry.uid(), entry.gid());
    if (entry.type() != TarEntry.Type.SYMLINK) {
      NativeFiles.chmod(path, entry.mode() & 07777);
    }
    for (Map.Entry<String, byte[]> x : entry.xattrs().entrySet()) {
      if (x.getKey().startsWith(LayerArchive.OVERLAY_XATTR_PREFIX)) {
        throw new IOException(
            "layer member '" + entry.name() + "' carries overlayfs's own attribute " + x.getKey());
      }
      NativeFiles.setXattr(path, x.getKey(), x.getValue());
    }
    if (entry.type() == TarEntry.Type.DIRECTORY) {
      directoryTimes.add(new DirectoryTime(path, entry.mtimeSeconds(), entry.mtimeNanos()));
    } else {
      NativeFiles.setMtime(path, entry.mtimeSeconds(), entry.mtimeNanos());
    }
  }

  /**
   * The directory a member goes into: every component a real directory inside the root (made when
   * missing, as OCI lets a layer leave parents implicit), never a symbolic link.
   */
  private Path parentDirectory(List<String> parts, String name) throws IOException {
    Path dir = root;
    for (int i = 0; i < parts.size() - 1; i++) {
      dir = dir.resolve(parts.get(i));
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) continue;
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(
            "layer member '"
                + name
                + "' goes through "
                + root.relativize(dir)
                + ", which is not a directory");
      }
      Files.createDirectory(dir);
      madeByThisLayer.add(dir);
    }
    return dir;
  }

  private Path inside(String name, String member) throws IOException {
    List<String> parts = components(name);
    if (parts.isEmpty()) throw new IOException("layer member '" + member + "' links to the root");
    Path dir = root;
    for (int i = 0; i < parts.size() - 1; i++) {
      dir = dir.resolve(parts.get(i));
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(
            "layer member '"
                + member
                + "' links through "
                + root.relativize(dir)
                + ", which is not a directory");
      }
    }
    return dir.resolve(parts.get(parts.size() - 1));
  }

  /** A member's name as path components, refusing any that climb out. */
  static List<String> components(String name) throws IOException {
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      if (part.equals("..") || part.indexOf('\0') >= 0) {
        throw new IOException(
            "layer member '" + name.replaceAll("[^ -~]", "?") + "' climbs out of the tree");
      }
      parts.add(part);
    }
    return parts;
  }
}
