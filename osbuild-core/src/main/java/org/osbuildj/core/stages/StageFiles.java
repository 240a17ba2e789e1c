package org.osbuildj.core.stages;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osbuildj.core.stage.StageContext;
import org.osbuildj.core.tree.Tree;

/**
 * Writes a stage's configuration files into its tree. With {@code SOURCE_DATE_EPOCH} set, every
 * entry the stage changes gets that modification time once the change is done: the file or link
 * itself, the directories it had to create, and the directories whose list of entries it changed
 * (their time would otherwise be the time of the build). A rebuilt tree is then identical.
 */
final class StageFiles {
  private static final int DIRECTORY_MODE = 0755;
  private static final int FILE_MODE = 0644;

  private final Tree tree;
  private final Optional<Instant> epoch;

  StageFiles(StageContext context) {
    this.tree = context.tree();
    this.epoch = context.sourceDateEpoch();
  }

  /** Writes a configuration file with mode 0644, creating its missing parents with mode 0755. */
  void write(String path, String content) throws IOException {
    List<String> created = directories(parentOf(path));
    tree.writeString(path, content, FILE_MODE);
    stampWithParents(path, created);
  }

  /** Replaces whatever file or link is at {@code link} with a symbolic link to {@code target}. */
  void replaceWithSymlink(String link, String target) throws IOException {
    List<String> created = directories(parentOf(link));
    tree.delete(link);
    tree.symlink(link, target);
    stampWithParents(link, created);
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

  // Stage paths are constants of the form "/etc/name", so the parent is a plain cut.
  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }
}
