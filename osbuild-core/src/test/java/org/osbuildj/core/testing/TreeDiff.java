package org.osbuildj.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The difference between two trees on disk, in the style of osbuild's stage tests: which entries a
 * stage added, removed, or changed (type, mode, owner, content, symbolic link target). Directory
 * and file times are not differences (every build changes them); {@link Entry#modified()} gives
 * them to tests that care.
 *
 * <pre>{@code
 * TreeDiff.between(before, after).assertThat()
 *     .added("/etc/vconsole.conf")
 *     .changed("/etc/passwd", TreeDiff.Change.CONTENT)
 *     .hasNoOtherChanges();
 * }</pre>
 *
 * <p>Paths are written as the image sees them ({@code /etc/passwd}). Links are never followed.
 */
public final class TreeDiff {
  /** What can differ between two entries at one path. */
  public enum Change {
    TYPE,
    MODE,
    OWNER,
    CONTENT,
    TARGET
  }

  /** The kind of a tree entry. */
  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    OTHER
  }

  private final SortedMap<String, Entry> added = new TreeMap<>();
  private final SortedMap<String, Entry> removed = new TreeMap<>();
  private final SortedMap<String, Set<Change>> changed = new TreeMap<>();
  private final Map<String, Entry> after;
  private final Map<String, Entry> before;

  private TreeDiff(Map<String, Entry> before, Map<String, Entry> after) {
    this.before = before;
    this.after = after;
    for (Map.Entry<String, Entry> old : before.entrySet()) {
      Entry now = after.get(old.getKey());
      if (now == null) {
        removed.put(old.getKey(), old.getValue());
      } else {
        Set<Change> changes = old.getValue().changesTo(now);
        if (!changes.isEmpty()) {
          changed.put(old.getKey(), changes);
        }
      }
    }
    for (Map.Entry<String, Entry> now : after.entrySet()) {
      if (!before.containsKey(now.getKey())) {
        added.put(now.getKey(), now.getValue());
      }
    }
  }

  /** Compares the tree at {@code before} with the tree at {@code after}. */
  public static TreeDiff between(Path before, Path after) {
    return new TreeDiff(scan(before), scan(after));
  }

  public SortedMap<String, Entry> added() {
    return java.util.Collections.unmodifiableSortedMap(added);
  }

  public SortedMap<String, Entry> removed() {
    return java.util.Collections.unmodifiableSortedMap(removed);
  }

  public SortedMap<String, Set<Change>> changed() {
    return java.util.Collections.unmodifiableSortedMap(changed);
  }

  /** The entry at {@code path} in the second tree, or null. */
  public Entry after(String path) {
    return after.get(path);
  }

  /** The entry at {@code path} in the first tree, or null. */
  public Entry before(String path) {
    return before.get(path);
  }

  /** Fluent assertions on this difference. */
  public TreeDiffAssert assertThat() {
    return new TreeDiffAssert(this);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    added.forEach((path, entry) -> text.append("\n  + ").append(path).append("  ").append(entry));
    removed.forEach((path, entry) -> text.append("\n  - ").append(path).append("  ").append(entry));
    changed.forEach(
        (path, changes) ->
            text.append("\n  ~ ")
                .append(path)
                .append("  ")
                .append(changes)
                .append(": ")
                .append(before.get(path))
                .append(" -> ")
                .append(after.get(path)));
    return text.length() == 0 ? "no differences" : text.substring(1);
  }

  /**
   * One entry of a tree. The content hash of a file is computed when first needed, so comparing
   * files of different sizes reads neither.
   */
  public static final class Entry {
    private final Path hostPath;
    private final Type type;
    private final int mode;
    private final int uid;
    private final int gid;
    private final long size;
    private final Instant modified;
    private final String target;
    private String sha256;

    Entry(
        Path hostPath,
        Type type,
        int mode,
        int uid,
        int gid,
        long size,
        Instant modified,
        String target) {
      this.hostPath = hostPath;
      this.type = type;
      this.mode = mode;
      this.uid = uid;
      this.gid = gid;
      this.size = size;
      this.modified = modified;
      this.target = target;
    }

    public Type type() {
      return type;
    }

    /** The permission bits, setuid, setgid and sticky included (no file type bits). */
    public int mode() {
      return mode;
    }

    public int uid() {
      return uid;
    }

    public int gid() {
      return gid;
    }

    public long size() {
      return size;
    }

    public Instant modified() {
      return modified;
    }

    /** A symbolic link's target as stored, or null. */
    public String target() {
      return target;
    }

    /** The SHA-256 of a file's bytes, in hex; null for other entries. */
    public synchronized String sha256() {
      if (type == Type.FILE && sha256 == null) {
        sha256 = hash(hostPath);
      }
      return sha256;
    }

    /** A file's bytes, as UTF-8 text. */
    public String text() {
      try {
        return Files.readString(hostPath);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Set<Change> changesTo(Entry other) {
      Set<Change> changes = EnumSet.noneOf(Change.class);
      if (type != other.type) {
        changes.add(Change.TYPE);
        return changes;
      }
      if (mode != other.mode && type != Type.SYMLINK) changes.add(Change.MODE);
      if (uid != other.uid || gid != other.gid) changes.add(Change.OWNER);
      if (type == Type.SYMLINK && !Objects.equals(target, other.target)) changes.add(Change.TARGET);
      if (type == Type.FILE && (size != other.size || !sha256().equals(other.sha256())))
        changes.add(Change.CONTENT);
      return changes;
    }

    @Override
    public String toString() {
      String base =
          type.name().toLowerCase() + " " + Integer.toOctalString(mode) + " " + uid + ":" + gid;
      return switch (type) {
        case FILE -> base + " " + size + " bytes";
        case SYMLINK -> base + " -> " + target;
        default -> base;
      };
    }
  }

  private static Map<String, Entry> scan(Path root) {
    Map<String, Entry> entries = new TreeMap<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              if (!dir.equals(root)) {
                entries.put(name(root, dir), entry(dir));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              entries.put(name(root, file), entry(file));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  private static String name(Path root, Path entry) {
    return "/" + root.relativize(entry);
  }

  private static Entry entry(Path path) throws IOException {
    Map<String, Object> attrs =
        Files.readAttributes(
            path, "unix:mode,uid,gid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    int raw = (Integer) attrs.get("mode");
    Type type =
        switch (raw & 0170000) {
          case 0100000 -> Type.FILE;
          case 0040000 -> Type.DIRECTORY;
          case 0120000 -> Type.SYMLINK;
          default -> Type.OTHER;
        };
    String target = type == Type.SYMLINK ? Files.readSymbolicLink(path).toString() : null;
    return new Entry(
        path,
        type,
        raw & 07777,
        (Integer) attrs.get("uid"),
        (Integer) attrs.get("gid"),
        (Long) attrs.get("size"),
        ((java.nio.file.attribute.FileTime) attrs.get("lastModifiedTime")).toInstant(),
        target);
  }

  private static String hash(Path file) {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
