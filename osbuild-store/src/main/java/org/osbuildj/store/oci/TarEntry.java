package org.osbuildj.store.oci;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One member of a layer tar, as much as the tree needs: its name (relative, without {@code ./}
 * except the root's {@code ./}), type, permission bits (with set-id and sticky bits), numeric
 * owner, modification time to the nanosecond, size, link target, device numbers and extended
 * attributes (in the order the file system listed them, which is the order they are set back in).
 */
public record TarEntry(
    String name,
    Type type,
    int mode,
    long uid,
    long gid,
    long mtimeSeconds,
    int mtimeNanos,
    long size,
    String linkName,
    int devMajor,
    int devMinor,
    Map<String, byte[]> xattrs) {

  /** The kinds of member a tree has; a hard link names an earlier member. */
  public enum Type {
    FILE('0'),
    HARDLINK('1'),
    SYMLINK('2'),
    CHAR_DEVICE('3'),
    BLOCK_DEVICE('4'),
    DIRECTORY('5'),
    FIFO('6');

    final char flag;

    Type(char flag) {
      this.flag = flag;
    }

    static Type of(char flag) {
      return switch (flag) {
        case '0', '\0', '7' -> FILE;
        case '1' -> HARDLINK;
        case '2' -> SYMLINK;
        case '3' -> CHAR_DEVICE;
        case '4' -> BLOCK_DEVICE;
        case '5' -> DIRECTORY;
        case '6' -> FIFO;
        default -> null;
      };
    }
  }

  public TarEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    linkName = linkName == null ? "" : linkName;
    xattrs = xattrs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(xattrs));
  }

  /** An OCI whiteout: an empty file whose name hides {@code hidden} of the layers below. */
  static TarEntry whiteout(String directory, String hidden, long mtimeSeconds) {
    return new TarEntry(
        directory + ".wh." + hidden, Type.FILE, 0, 0, 0, mtimeSeconds, 0, 0, "", 0, 0, Map.of());
  }
}
