package org.osbuildj.core.tree;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Deletes whole directory trees on the host: the one recursive delete of osbuild-java, for the
 * store's trees and layers, an assembler's scratch files, exported trees and staged outputs.
 *
 * <pre>{@code
 * Directories.deleteRecursively(Path.of("/var/tmp/osbuild/tree"));
 * }</pre>
 *
 * <p>What it guarantees, since the trees it deletes were written by stages and may hold anything:
 *
 * <ul>
 *   <li>symbolic links are deleted, never followed: each directory is opened relative to its
 *       parent's descriptor with {@code O_NOFOLLOW} and its entries are removed with {@code
 *       unlinkat} (a {@link SecureDirectoryStream}), so a link put in place of a directory, even
 *       while the deletion runs, is removed as a link and nothing outside the tree is touched;
 *   <li>it does not cross into another filesystem mounted inside the tree (as {@code rm
 *       --one-file-system}): it stops with a {@link FileSystemException} naming the mount point,
 *       having deleted what it met before;
 *   <li>directories it may not read or write (a stored {@code 0555 /usr}, a {@code 0000} directory)
 *       are given their owner's {@code rwx} bits and the deletion goes on, which works for their
 *       owner; root needs this only when it lacks {@code CAP_DAC_OVERRIDE}. The directory holding
 *       {@code path} is never changed.
 * </ul>
 *
 * <p>What it cannot delete is reported as the {@link IOException} of the entry that failed:
 * immutable or append-only files ({@code chattr +i}: "Operation not permitted", even for root),
 * another user's files in a sticky directory, or a directory whose owner is someone else.
 *
 * <p><b>Known limit.</b> A directory that cannot even be opened ({@code 0000}) can only be changed
 * through its path: it is checked to be a directory first, but something that replaced it by a link
 * between that check and the {@code chmod} would have the link's target (if the same user owns it)
 * made accessible to its owner. As for {@link Tree}, only the deleting process should change the
 * tree while it is deleted.
 */
public final class Directories {
  private static final Set<PosixFilePermission> OWNER_ALL =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private Directories() {}

  /**
   * Deletes {@code path} and, if it is a directory, everything below it. A symbolic link is deleted
   * itself, whatever it points to.
   *
   * @param path the file, link or directory to delete; its parent directories are trusted (they are
   *     resolved as usual, links included)
   * @return whether there was something to delete
   * @throws IOException when an entry cannot be deleted (the exception names it) or a mount point
   *     is met; what was deleted before stays deleted
   * @throws IllegalArgumentException when {@code path} names no entry of a directory (such as
   *     {@code /}, {@code .} or {@code ..})
   */
  public static boolean deleteRecursively(Path path) throws IOException {
    Path absolute = path.toAbsolutePath();
    Path name = absolute.getFileName();
    if (name == null || name.toString().equals(".") || name.toString().equals("..")) {
      throw new IllegalArgumentException(
          "refusing to delete " + path + ": it names no directory entry");
    }
    BasicFileAttributes attributes = lstat(absolute);
    if (attributes == null) {
      return false;
    }
    if (attributes.isDirectory()) {
      deleteDirectory(absolute);
    } else {
      Files.deleteIfExists(absolute);
    }
    return true;
  }

  private static void deleteDirectory(Path directory) throws IOException {
    Deletion deletion =
        new Deletion(Files.getAttribute(directory, "unix:dev", LinkOption.NOFOLLOW_LINKS));
    Path parentPath = directory.getParent();
    Path name = directory.getFileName();
    SecureDirectoryStream<Path> parent = openParent(parentPath);
    if (parent == null) {
      // The parent cannot be listed (mode 0311, say): open the directory by its path, which was a
      // directory, not a link, a moment ago.
      try (SecureDirectoryStream<Path> opened =
          secure(Files.newDirectoryStream(directory), directory)) {
        deletion.deleteContents(opened, directory);
      }
      Files.delete(directory);
      return;
    }
    try (parent) {
      try (SecureDirectoryStream<Path> opened = deletion.openChild(parent, parentPath, name)) {
        deletion.deleteContents(opened, directory);
      }
      // The directory holding path is the caller's: it is not made writable.
      parent.deleteDirectory(name);
    } catch (FileSystemException e) {
      throw named(e, parentPath, name);
    }
  }

  private static SecureDirectoryStream<Path> openParent(Path parent) throws IOException {
    try {
      return secure(Files.newDirectoryStream(parent), parent);
    } catch (AccessDeniedException e) {
      return null;
    }
  }

  private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream, Path dir)
      throws IOException {
    if (stream instanceof SecureDirectoryStream<Path> secure) {
      return secure;
    }
    stream.close();
    throw new UnsupportedOperationException(
        "deleting "
            + dir
            + " safely needs a file system with secure "
            + "directory streams (openat, unlinkat), as Linux has");
  }

  private static BasicFileAttributes lstat(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** One deletion: the filesystem it must stay on. */
  private static final class Deletion {
    private final Object device;

    Deletion(Object device) {
      this.device = device;
    }

    /** Deletes everything in {@code directory}, which is open at {@code path}. */
    void deleteContents(SecureDirectoryStream<Path> directory, Path path) throws IOException {
      // Names first, deletions after: a directory is not changed while it is being read.
      List<Path> names = new ArrayList<>();
      for (Path entry : directory) {
        names.add(entry.getFileName());
      }
      for (Path name : names) {
        try {
          deleteEntry(directory, path, name);
        } catch (FileSystemException e) {
          throw named(e, path, name);
        }
      }
    }

    private void deleteEntry(SecureDirectoryStream<Path> directory, Path path, Path name)
        throws IOException {
      BasicFileAttributes attributes =
          accessible(
              directory,
              () ->
                  directory
                      .getFileAttributeView(
                          name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                      .readAttributes());
      if (attributes.isDirectory()) {
        Path child = path.resolve(name);
        requireSameFilesystem(child);
        try (SecureDirectoryStream<Path> opened = openChild(directory, path, name)) {
          deleteContents(opened, child);
        }
        accessible(
            directory,
            () -> {
              directory.deleteDirectory(name);
              return null;
            });
      } else {
        accessible(
            directory,
            () -> {
              directory.deleteFile(name);
              return null;
            });
      }
    }

    /**
     * Opens the directory {@code name} of {@code parent} (open at {@code parentPath}), never a
     * link.
     */
    SecureDirectoryStream<Path> openChild(
        SecureDirectoryStream<Path> parent, Path parentPath, Path name) throws IOException {
      try {
        return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
      } catch (AccessDeniedException denied) {
        // Unreadable (0000, say). Java changes a mode without following links only through a
        // descriptor, which needs read access: so by path, once it is known to be a directory.
        Path child = parentPath.resolve(name);
        PosixFileAttributes attributes =
            Files.readAttributes(child, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory() || attributes.permissions().containsAll(OWNER_ALL)) {
          throw denied;
        }
        try {
          Files.setPosixFilePermissions(child, withOwnerAll(attributes.permissions()));
        } catch (IOException e) {
          denied.addSuppressed(e);
          throw denied;
        }
        return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
      }
    }

    private void requireSameFilesystem(Path directory) throws IOException {
      Object childDevice = Files.getAttribute(directory, "unix:dev", LinkOption.NOFOLLOW_LINKS);
      if (!device.equals(childDevice)) {
        throw new FileSystemException(
            directory.toString(),
            null,
            "another filesystem is mounted here; not deleting across it");
      }
    }
  }

  @FunctionalInterface
  private interface DirectoryAction<T> {
    T run() throws IOException;
  }

  /**
   * Runs an action on an entry of {@code directory}; when it is denied, gives the directory its
   * owner's rwx bits (through its descriptor) and runs it once more.
   */
  private static <T> T accessible(SecureDirectoryStream<Path> directory, DirectoryAction<T> action)
      throws IOException {
    try {
      return action.run();
    } catch (AccessDeniedException denied) {
      PosixFileAttributeView view = directory.getFileAttributeView(PosixFileAttributeView.class);
      Set<PosixFilePermission> permissions = view.readAttributes().permissions();
      if (permissions.containsAll(OWNER_ALL)) {
        throw denied;
      }
      try {
        view.setPermissions(withOwnerAll(permissions));
      } catch (IOException e) {
        denied.addSuppressed(e);
        throw denied;
      }
      return action.run();
    }
  }

  /**
   * The exception with the entry's whole path: operations relative to a directory descriptor name
   * only the entry. Exceptions from deeper entries, which carry their whole path already, pass.
   */
  private static FileSystemException named(FileSystemException e, Path directory, Path name) {
    if (!name.toString().equals(e.getFile())) {
      return e;
    }
    String file = directory.resolve(name).toString();
    FileSystemException named;
    if (e instanceof AccessDeniedException) {
      named = new AccessDeniedException(file, e.getOtherFile(), e.getReason());
    } else if (e instanceof NoSuchFileException) {
      named = new NoSuchFileException(file, e.getOtherFile(), e.getReason());
    } else if (e instanceof DirectoryNotEmptyException) {
      named = new DirectoryNotEmptyException(file);
    } else {
      named = new FileSystemException(file, e.getOtherFile(), e.getReason());
    }
    named.initCause(e);
    return named;
  }

  private static Set<PosixFilePermission> withOwnerAll(Set<PosixFilePermission> permissions) {
    Set<PosixFilePermission> more = EnumSet.noneOf(PosixFilePermission.class);
    more.addAll(permissions);
    more.addAll(OWNER_ALL);
    return more;
  }
}
