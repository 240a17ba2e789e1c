package org.osbuildj.core.stages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.tree.Tree;

/**
 * Writes a stage's files into its tree. With {@code SOURCE_DATE_EPOCH} set, every entry the stage
 * changes gets that modification time once the change is done: the file or link itself, the
 * directories it had to create, and the directories whose list of entries it changed (their time
 * would otherwise be the time of the build). A rebuilt tree is then identical.
 *
 * <p>Paths are absolute and normal ({@code /etc/name}: no {@code .}, {@code ..}, repeated or
 * trailing slashes), as the stages' constants and their schemas' path patterns guarantee.
 */
final class StageFiles {
  static final int DIRECTORY_MODE = 0755;
  static final int FILE_MODE = 0644;

  private final Tree tree;
  private final Optional<Instant> epoch;

  StageFiles(StageContext context) {
    this.tree = context.tree();
    this.epoch = context.sourceDateEpoch();
  }

  Tree tree() {
    return tree;
  }

  /** Writes a configuration file with mode 0644, creating its missing parents with mode 0755. */
  void write(String path, String content) throws IOException {
    write(path, content.getBytes(StandardCharsets.UTF_8), FILE_MODE);
  }

  /** Writes a file with {@code mode}, creating its missing parents with mode 0755. */
  void write(String path, byte[] content, int mode) throws IOException {
    List<String> created = directories(parentOf(path));
    tree.writeBytes(path, content, mode);
    stampWithParents(path, created);
  }

  /**
   * Writes a file owned by {@code uid:gid} with {@code mode}; the mode is set after the owner,
   * since changing the owner clears setuid and setgid bits.
   */
  void write(String path, byte[] content, int mode, int uid, int gid) throws IOException {
    List<String> created = directories(parentOf(path));
    tree.writeBytes(path, content, mode);
    tree.setOwner(path, uid, gid);
    tree.setPermissions(path, mode);
    stampWithParents(path, created);
  }

  /** Creates directory {@code path} with exactly {@code mode}; its parent must exist. */
  void createDirectory(String path, int mode) throws IOException {
    tree.createDirectories(path, mode);
    tree.setPermissions(path, mode);
    stampWithParents(path, List.of());
  }

  /** Creates directory {@code path} with {@code mode} and owner; its parent must exist. */
  void createDirectory(String path, int mode, int uid, int gid) throws IOException {
    tree.createDirectories(path, mode);
    tree.setOwner(path, uid, gid);
    tree.setPermissions(path, mode);
    stampWithParents(path, List.of());
  }

  /** Creates directory {@code path} with {@code mode}, and its missing parents with mode 0755. */
  void createDirectories(String path, int mode) throws IOException {
    List<String> created = directories(parentOf(path));
    tree.createDirectories(path, mode);
    stampWithParents(path, created);
  }

  /** Replaces whatever file or link is at {@code link} with a symbolic link to {@code target}. */
  void replaceWithSymlink(String link, String target) throws IOException {
    List<String> created = directories(parentOf(link));
    tree.delete(link);
    tree.symlink(link, target);
    stampWithParents(link, created);
  }

  /** Deletes {@code path} (a file, link or empty directory), if it is there. */
  void delete(String path) throws IOException {
    if (tree.delete(path)) {
      stampWithParents(parentOf(path), List.of());
    }
  }

  /** Creates the missing directories of {@code path}, returning those it created. */
  private List<String> directories(String path) throws IOException {
    List<String> missing = new ArrayList<>();
    for (String prefix = path; !prefix.equals("/"); prefix = parentOf(prefix)) {
      if (!tree.exists(prefix) && !tree.isSymbolicLink(prefix)) {
        missing.add(prefix);
      }
    }
    tree.createDirectories(path, DIRECTORY_MODE);
    return missing;
  }

  // Stamped only after every change: adding an entry to a directory resets the directory's time.
  private void stampWithParents(String changed, List<String> created) throws IOException {
    if (epoch.isEmpty()) {
      return;
    }
    Set<String> paths = new LinkedHashSet<>();
    paths.add(changed);
    paths.add(parentOf(changed));
    for (String directory : created) {
      paths.add(directory);
      paths.add(parentOf(directory));
    }
    for (String path : paths) {
      tree.setLastModifiedTime(path, epoch.get());
    }
  }

  static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }
}
