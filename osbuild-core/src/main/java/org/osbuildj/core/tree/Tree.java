package org.osbuildj.core.tree;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A root filesystem being built, seen through paths that can never leave it: the one way native
 * stages read and write files in a tree.
 *
 * <p>Paths are strings as the image will see them, absolute ({@code /etc/hostname}) or relative to
 * the root ({@code etc/hostname}), both meaning the same file. They are resolved component by
 * component, the way the kernel resolves paths inside a chroot whose root is this tree:
 *
 * <ul>
 *   <li>a symbolic link met on the way is followed as if the tree's root were {@code /}: an
 *       absolute target starts again at the tree's root ({@code /etc -> /host-etc} leads to {@code
 *       <tree>/host-etc}), a relative one continues from the link's directory;
 *   <li>{@code ..} at the root stays at the root; after a name that does not exist (yet) it is
 *       taken lexically, so {@code /new/../etc} is {@code /etc} where the kernel would fail;
 *   <li>more than {@value #MAX_SYMLINKS} links in one resolution (a loop, say) fail with a {@link
 *       FileSystemException} instead of hanging;
 *   <li>an empty path or one holding a NUL character is refused with an {@link
 *       IllegalArgumentException} naming it.
 * </ul>
 *
 * <pre>{@code
 * Tree tree = Tree.at(Path.of("/var/tmp/tree"));
 * tree.createDirectories("/etc", 0755);
 * tree.writeString("/etc/hostname", "demo\n", 0644);
 * tree.symlink("/etc/localtime", "../usr/share/zoneinfo/UTC");
 * }</pre>
 *
 * <p>Operations on the last component follow the usual Unix convention: reading, writing, listing
 * and {@link #setPermissions} follow a final symbolic link (inside the tree), while {@link
 * #delete}, {@link #deleteRecursively}, {@link #symlink}, {@link #setOwner} and {@link
 * #setLastModifiedTime} act on the link itself. Files are opened with {@link
 * LinkOption#NOFOLLOW_LINKS}, so a final component that became a link after resolution is refused
 * rather than followed.
 *
 * <p><b>Known limit: races.</b> Resolution is done by path, one {@code lstat} at a time, and the
 * file is then opened by its resolved host path. Something else that changes the tree at the same
 * time (replacing a checked directory with a symbolic link between the check and the use) could
 * redirect an operation. Only the stage itself writes to its tree while it runs, so this matters
 * only if a stage runs commands in the background while its Java code works on the tree; closing
 * the gap would need {@code openat2(RESOLVE_IN_ROOT)}, which the JDK does not offer.
 *
 * <p>Instances are immutable and safe to share between threads; the tree on disk is not locked.
 */
public final class Tree {
  /** How many symbolic links one resolution may follow, as Linux allows (MAXSYMLINKS). */
  public static final int MAX_SYMLINKS = 40;

  private static final int DEFAULT_FILE_MODE = 0644;
  private static final int DEFAULT_DIRECTORY_MODE = 0755;

  private final Path root;
  private final boolean readOnly;
  private final long ownerIdShift;

  private Tree(Path root, boolean readOnly, long ownerIdShift) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
    this.readOnly = readOnly;
    this.ownerIdShift = ownerIdShift;
  }

  /** A tree at this host directory that stages may change. */
  public static Tree at(Path root) {
    return new Tree(root, false, 0);
  }

  /** A tree at this host directory whose write operations throw {@link AccessDeniedException}. */
  public static Tree readOnlyAt(Path root) {
    return new Tree(root, true, 0);
  }

  /**
   * The same tree, reached through a mount that shows its owners shifted by {@code shift} (an
   * id-mapped mount, as a sandbox has): {@link #setOwner} adds it to the ids it is given, so that
   * the files on disk get exactly those ids.
   */
  public Tree withOwnerIdShift(long shift) {
    return new Tree(root, readOnly, shift);
  }

  /** The host directory that is the tree's {@code /}. */
  public Path root() {
    return root;
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  // ---- resolution ---------------------------------------------------------------------------

  /**
   * The host path of {@code path}, every symbolic link followed inside the tree. Components that do
   * not exist yet are kept as they are, so the result may name a file still to be created.
   *
   * @throws FileSystemException if more than {@value #MAX_SYMLINKS} links are met
   */
  public Path resolve(String path) throws IOException {
    return walk(path, true);
  }

  /**
   * The host path of {@code path} with every directory on the way resolved inside the tree, but the
   * last component left as it is, even if it is a symbolic link: for acting on a link itself.
   */
  public Path resolveNoFollow(String path) throws IOException {
    return walk(path, false);
  }

  private Path walk(String path, boolean followLast) throws IOException {
    // Names are kept as Paths, never as text: a link's target whose bytes are no valid text in
    // the JVM's charset is followed byte for byte.
    List<Path> pending = new ArrayList<>();
    for (String name : TreePaths.components(path)) {
      pending.add(Path.of(name));
    }
    // As in POSIX, "link/" and "link/." name the directory the link points to, not the link.
    followLast = followLast || TreePaths.namesADirectory(path);
    List<Path> resolved = new ArrayList<>();
    // Below a name that is missing or not a directory there can be no links: stop looking.
    boolean onDisk = true;
    int linksFollowed = 0;
    while (!pending.isEmpty()) {
      Path name = pending.remove(0);
      if (name.toString().equals("..")) {
        if (!resolved.isEmpty()) {
          resolved.remove(resolved.size() - 1);
        }
        // Back above a missing name, the names that follow may be links again.
        onDisk = Files.isDirectory(hostPath(resolved), LinkOption.NOFOLLOW_LINKS);
        continue;
      }
      BasicFileAttributes attributes = onDisk ? lstat(hostPath(resolved).resolve(name)) : null;
      boolean last = pending.isEmpty();
      if (attributes != null && attributes.isSymbolicLink() && (followLast || !last)) {
        if (++linksFollowed > MAX_SYMLINKS) {
          throw new FileSystemException(
              path,
              null,
              "too many levels of symbolic links (more than "
                  + MAX_SYMLINKS
                  + ") in the tree at "
                  + root);
        }
        Path target = Files.readSymbolicLink(hostPath(resolved).resolve(name));
        if (target.isAbsolute()) {
          resolved.clear();
        }
        pending.addAll(0, TreePaths.linkComponents(target));
        onDisk = true;
      } else {
        resolved.add(name);
        onDisk = attributes != null && attributes.isDirectory();
      }
    }
    return hostPath(resolved);
  }

  /** The attributes of the entry itself, or null if there is none; other failures are thrown. */
  private static BasicFileAttributes lstat(Path entry) throws IOException {
    try {
      return Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  // Every name in `resolved` is a plain name (no "/", ".", ".."), so this cannot climb out.
  private Path hostPath(List<Path> resolved) {
    Path host = root;
    for (Path name : resolved) {
      host = host.resolve(name);
    }
    return host;
  }

  // ---- queries ------------------------------------------------------------------------------

  /** Whether {@code path} exists, following links (a dangling link does not exist). */
  public boolean exists(String path) throws IOException {
    return Files.exists(resolve(path), LinkOption.NOFOLLOW_LINKS);
  }

  public boolean isDirectory(String path) throws IOException {
    return Files.isDirectory(resolve(path), LinkOption.NOFOLLOW_LINKS);
  }

  public boolean isRegularFile(String path) throws IOException {
    return Files.isRegularFile(resolve(path), LinkOption.NOFOLLOW_LINKS);
  }

  /** Whether {@code path} itself is a symbolic link (dangling or not). */
  public boolean isSymbolicLink(String path) throws IOException {
    return Files.isSymbolicLink(resolveNoFollow(path));
  }

  /** The target of the symbolic link {@code path}, exactly as stored. */
  public String readSymbolicLink(String path) throws IOException {
    return Files.readSymbolicLink(resolveNoFollow(path)).toString();
  }

  public byte[] readBytes(String path) throws IOException {
    try (InputStream in = Files.newInputStream(resolve(path), LinkOption.NOFOLLOW_LINKS)) {
      return in.readAllBytes();
    }
  }

  /** The file's content, decoded as UTF-8. */
  public String readString(String path) throws IOException {
    return new String(readBytes(path), StandardCharsets.UTF_8);
  }

  /** The names in directory {@code path}, sorted. */
  public List<String> list(String path) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolve(path))) {
      entries.forEach(entry -> names.add(entry.getFileName().toString()));
    }
    names.sort(null);
    return names;
  }

  /**
   * Visits {@code path} (a final link followed, inside the tree) and, if it is a directory, every
   * entry below it, each directory before what it holds; links below it are visited as links, never
   * followed. Each entry carries its host path as the directory listing gave it, so a name that is
   * no valid text in the JVM's charset (bytes that are not UTF-8, or anything beyond ASCII when the
   * locale is C) is kept byte for byte: act on an entry through it, never through its name as text.
   */
  public void walk(String path, EntryVisitor visitor) throws IOException {
    Files.walkFileTree(
        resolve(path),
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
              throws IOException {
            visitor.visit(new Entry(dir, attributes));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            visitor.visit(new Entry(file, attributes));
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** What {@link #walk} hands each entry to. */
  @FunctionalInterface
  public interface EntryVisitor {
    void visit(Entry entry) throws IOException;
  }

  /**
   * An entry met by {@link #walk}: its host path, as its directory listed it, and its attributes
   * (links not followed).
   */
  public record Entry(Path hostPath, BasicFileAttributes attributes) {
    /** The entry's path in the tree, for messages: names that are not text show as the JVM can. */
    public String describe(Tree tree) {
      return "/" + tree.root().relativize(hostPath);
    }
  }

  // ---- writing ------------------------------------------------------------------------------

  /**
   * Writes {@code content} to the file {@code path}, replacing what it held. A new file gets mode
   * 0644 (not the process's umask, so trees do not depend on who built them); an existing file
   * keeps its mode. The parent directory must exist.
   */
  public void writeBytes(String path, byte[] content) throws IOException {
    write(path, content, -1);
  }

  /** Writes {@code content} to the file {@code path} and sets its mode, such as {@code 0600}. */
  public void writeBytes(String path, byte[] content, int mode) throws IOException {
    write(path, content, TreePaths.checkMode(mode));
  }

  /** Writes {@code content}, encoded as UTF-8; see {@link #writeBytes(String, byte[])}. */
  public void writeString(String path, String content) throws IOException {
    write(path, content.getBytes(StandardCharsets.UTF_8), -1);
  }

  public void writeString(String path, String content, int mode) throws IOException {
    write(path, content.getBytes(StandardCharsets.UTF_8), TreePaths.checkMode(mode));
  }

  private void write(String path, byte[] content, int mode) throws IOException {
    requireWritable(path);
    Path file = resolve(path);
    boolean created = !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    try (OutputStream out =
        Files.newOutputStream(
            file,
            LinkOption.NOFOLLOW_LINKS,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      out.write(content);
    }
    if (mode >= 0 || created) {
      setMode(file, mode >= 0 ? mode : DEFAULT_FILE_MODE);
    }
  }

  /** Creates directory {@code path} and any missing parents with mode 0755. */
  public void createDirectories(String path) throws IOException {
    createDirectories(path, DEFAULT_DIRECTORY_MODE);
  }

  /**
   * Creates directory {@code path} and any missing parents, each new one with {@code mode};
   * directories that already exist are left as they are.
   *
   * @throws NotDirectoryException if something on the way exists and is not a directory
   */
  public void createDirectories(String path, int mode) throws IOException {
    TreePaths.checkMode(mode);
    requireWritable(path);
    Path target = resolve(path);
    if (target.equals(root)) {
      return;
    }
    Path current = root;
    for (Path name : root.relativize(target)) {
      current = current.resolve(name);
      if (Files.isSymbolicLink(current)) {
        // Resolution saw no link here: the tree changed under us, so stop rather than follow.
        throw new FileSystemException(
            path,
            null,
            "the tree changed while creating directories: " + current + " became a symbolic link");
      }
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(current);
        setMode(current, mode);
      } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        throw new NotDirectoryException(
            path + " (" + root.relativize(current) + " is not a directory)");
      }
    }
  }

  /**
   * Creates the symbolic link {@code link} pointing to {@code target}. The target is stored as
   * given (only repeated and trailing slashes are dropped) and may point anywhere: it is only ever
   * followed inside the tree.
   *
   * @throws FileAlreadyExistsException if {@code link} exists, even as a dangling link
   */
  public void symlink(String link, String target) throws IOException {
    TreePaths.check(target);
    requireWritable(link);
    Files.createSymbolicLink(resolveNoFollow(link), Path.of(target));
  }

  /**
   * Deletes the file, empty directory or symbolic link {@code path} (never what a link points to).
   *
   * @return whether there was something to delete
   */
  public boolean delete(String path) throws IOException {
    requireWritable(path);
    return Files.deleteIfExists(notRoot(path, resolveNoFollow(path)));
  }

  /**
   * Deletes {@code path} and, if it is a directory, everything below it, with {@link
   * Directories#deleteRecursively}: symbolic links are deleted, never followed, so nothing outside
   * {@code path} is touched; a filesystem mounted below it is not crossed; a directory below {@code
   * path} that cannot be read or written is given its owner's rwx bits first.
   *
   * @return whether there was something to delete
   */
  public boolean deleteRecursively(String path) throws IOException {
    requireWritable(path);
    return Directories.deleteRecursively(notRoot(path, resolveNoFollow(path)));
  }

  /**
   * Sets the mode of {@code path} (following links, as chmod does), such as {@code 0755} or {@code
   * 01777}: all twelve bits, setuid, setgid and sticky included.
   */
  public void setPermissions(String path, int mode) throws IOException {
    TreePaths.checkMode(mode);
    requireWritable(path);
    setMode(resolve(path), mode);
  }

  /**
   * Sets the mode of an entry {@link #walk} met, the entry itself: a symbolic link, which has no
   * mode of its own, is refused.
   */
  public void setPermissions(Entry entry, int mode) throws IOException {
    TreePaths.checkMode(mode);
    Path host = entry.hostPath();
    requireWritable(host.toString());
    if (!host.startsWith(root)) {
      throw new IllegalArgumentException(host + " is not in the tree at " + root);
    }
    if (entry.attributes().isSymbolicLink()) {
      throw new IllegalArgumentException(host + " is a symbolic link, which has no mode");
    }
    setMode(host, mode);
  }

  /**
   * Sets the numeric owner and group of {@code path} itself, a symbolic link included (lchown). As
   * with chown, the kernel may clear setuid and setgid bits: set the mode afterwards.
   */
  public void setOwner(String path, int uid, int gid) throws IOException {
    requireWritable(path);
    Path file = resolveNoFollow(path);
    Files.setAttribute(file, "unix:uid", (int) (uid + ownerIdShift), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(file, "unix:gid", (int) (gid + ownerIdShift), LinkOption.NOFOLLOW_LINKS);
  }

  /** Sets the modification time of {@code path} itself, a symbolic link included (lutimes). */
  public void setLastModifiedTime(String path, Instant time) throws IOException {
    requireWritable(path);
    Files.getFileAttributeView(
            resolveNoFollow(path), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(FileTime.from(time), null, null);
  }

  // ---- guards -------------------------------------------------------------------------------

  private void requireWritable(String path) throws AccessDeniedException {
    if (readOnly) {
      throw new AccessDeniedException(path, null, "the tree at " + root + " is read-only");
    }
  }

  private Path notRoot(String path, Path resolved) {
    if (resolved.equals(root)) {
      throw new IllegalArgumentException(
          "refusing to delete the root of the tree at "
              + root
              + " (path '"
              + path
              + "' resolves to it)");
    }
    return resolved;
  }

  // Through "unix:mode", unlike PosixFilePermission, the setuid, setgid and sticky bits can be set.
  private static void setMode(Path file, int mode) throws IOException {
    Files.setAttribute(file, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public String toString() {
    return "Tree[" + root + (readOnly ? ", read-only]" : "]");
  }
}
