package org.osbuildj.core.tree;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Clamps modification times in a whole tree, as reproducible-builds tools do with {@code
 * SOURCE_DATE_EPOCH}: after a stage ran the image's own programs (dpkg, useradd, systemctl),
 * whatever they wrote carries the time of the build; clamping gives a rebuilt tree the same times.
 */
public final class TreeTimes {
  private TreeTimes() {}

  /**
   * Sets every entry in the tree whose modification time is later than {@code epoch} to {@code
   * epoch}. Symbolic links are changed themselves, never followed; device nodes, fifos and sockets
   * keep their times (archivers clamp those when the image is assembled).
   *
   * @return how many entries were changed
   */
  public static int clamp(Tree tree, Instant epoch) throws IOException {
    if (tree.isReadOnly()) {
      throw new AccessDeniedException(tree.root().toString(), null, "the tree is read-only");
    }
    FileTime limit = FileTime.from(epoch);
    int[] changed = {0};
    Files.walkFileTree(
        tree.root(),
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            clampOne(file, attrs, limit, changed);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException failure)
              throws IOException {
            if (failure != null) {
              throw failure;
            }
            clampOne(
                dir,
                Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS),
                limit,
                changed);
            return FileVisitResult.CONTINUE;
          }
        });
    return changed[0];
  }

  // Device nodes, fifos and sockets are skipped: the JDK sets times through an open file, and
  // opening a device node fails where the tree is mounted nodev, as in a sandbox.
  private static void clampOne(Path entry, BasicFileAttributes attrs, FileTime limit, int[] changed)
      throws IOException {
    if (attrs.isOther()) {
      return;
    }
    if (attrs.lastModifiedTime().compareTo(limit) > 0) {
      Files.getFileAttributeView(entry, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(limit, null, null);
      changed[0]++;
    }
  }
}
