package org.osbuildj.core.disk;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.osbuildj.core.isolation.Command;

/**
 * Makes the times in an ext4 filesystem made by {@code mke2fs -d} depend on the tree's content
 * only, for {@code SOURCE_DATE_EPOCH}: mke2fs 1.47.0 copies each file's access and change times
 * from the tree, and these change when the tree is read (relatime) or copied (a store snapshot), so
 * two builds of one tree could differ. Afterwards every inode's access and change time is the
 * epoch, and modification times later than it are clamped to it, as the tar assembler does.
 *
 * <p>debugfs sets the fields. By inode number it takes well under a second for 50,000 inodes; by
 * path it takes over half a millisecond per file, so paths are used only for the few files whose
 * modification time needs clamping. Numbers are safe because mke2fs -d hands out inodes in order
 * from the first free one, leaving no gaps, which {@link #parseInodeUsage} checks.
 */
public final class Ext4Timestamps {
  static final String USAGE_MARKER = "inode-usage:";

  /** The first inode mke2fs gives to a file of the tree; 11 is lost+found, 2 the root directory. */
  static final long FIRST_TREE_INODE = 11;

  private Ext4Timestamps() {}

  /** Prints how many inodes the filesystem has and has free, and its first free one. */
  public static Command measure(String filesystem) {
    return Command.of(
        "sh",
        "-c",
        "set -e; s=$(dumpe2fs -h \"$1\" 2>/dev/null); "
            + "t=$(printf '%s\\n' \"$s\" | sed -n 's/^Inode count: *//p'); "
            + "f=$(printf '%s\\n' \"$s\" | sed -n 's/^Free inodes: *//p'); "
            + "ff=$(debugfs -R ffi \"$1\" 2>&1 | sed -n 's/^Free inode found: *//p'); "
            + "echo \""
            + USAGE_MARKER
            + " $t $f ${ff:-none}\"",
        "measure-inodes",
        filesystem);
  }

  /**
   * The highest inode in use, from {@link #measure}'s output.
   *
   * @throws IllegalStateException if the inodes in use are not all those up to it
   */
  public static long parseInodeUsage(List<String> output) {
    String line =
        output.stream()
            .filter(l -> l.startsWith(USAGE_MARKER))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "measuring the filesystem's inodes printed nothing: " + output));
    String[] fields = line.substring(USAGE_MARKER.length()).trim().split("\\s+");
    long total = Long.parseLong(fields[0]);
    long used = total - Long.parseLong(fields[1]);
    boolean contiguous =
        fields[2].equals("none") ? used == total : Long.parseLong(fields[2]) == used + 1;
    if (!contiguous) {
      throw new IllegalStateException(
          "the filesystem's "
              + used
              + " inodes in use are not inodes 1 to "
              + used
              + " (first free: "
              + fields[2]
              + "), so their times cannot be fixed by number");
    }
    return used;
  }

  /**
   * debugfs commands setting the access and change times of the root and every inode the tree
   * filled.
   */
  public static String inodeCommands(long lastUsedInode, Instant epoch) {
    String at = " @" + epoch.getEpochSecond();
    return Stream.concat(
            LongStream.of(2).boxed(),
            LongStream.rangeClosed(FIRST_TREE_INODE, lastUsedInode).boxed())
        .map(ino -> "sif <" + ino + "> atime" + at + "\nsif <" + ino + "> ctime" + at + "\n")
        .collect(Collectors.joining());
  }

  /**
   * Appends to {@code commands} a debugfs command clamping each file of {@code tree} modified after
   * the epoch, then runs them all on the filesystem, its clock set to the epoch. Fails on a name
   * holding a newline, which debugfs cannot be given, and on any complaint of debugfs (it exits 0
   * regardless).
   */
  public static Command apply(String tree, String commands, String filesystem, Instant epoch) {
    String seconds = Long.toString(epoch.getEpochSecond());
    return Command.of(
            "sh",
            "-c",
            "set -e; cd \"$1\"; "
                + "if [ -n \"$(find . -newermt \"@$4\" -name '*\n*' -print -quit)\" ]; then "
                + "echo 'a file name in the tree holds a newline; its time cannot be clamped' >&2; exit 1; fi; "
                // debugfs reads a quote inside a quoted argument as two quotes.
                + "find . -newermt \"@$4\" -printf '%P\\n' | sed 's/\"/\"\"/g; s|.*|sif \"/&\" mtime @'\"$4\"'|' >> \"$2\"; "
                + "out=$(debugfs -w -f \"$2\" \"$3\" 2>&1 | grep -v '^debugfs' || true); "
                + "if [ -n \"$out\" ]; then printf '%s\\n' \"$out\" | head -20 >&2; exit 1; fi",
            "clamp-times",
            tree,
            commands,
            filesystem,
            seconds)
        // Once it has written more than its cache holds (a tree of a few hundred inodes), debugfs
        // rewrites the superblock on closing, adding to its lifetime writes and stamping its "Last
        // write time" with this clock, else the wall clock: without it two builds' images differ
        // in that time and the superblock's checksum.
        .withEnvironment("E2FSPROGS_FAKE_TIME", seconds);
  }
}
