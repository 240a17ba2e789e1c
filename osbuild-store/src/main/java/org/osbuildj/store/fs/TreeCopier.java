package org.osbuildj.store.fs;

import java.nio.file.Path;
import java.util.List;
import org.osbuildj.core.isolation.ProcessRunner;
import org.osbuildj.core.store.StoreException;

/**
 * Copies a whole tree with {@code cp -a --reflink=auto}: owners, modes, device nodes, xattrs, ACLs
 * and hard links survive, and on filesystems with reflinks (btrfs, xfs) the copy shares extents.
 */
public final class TreeCopier {
  private TreeCopier() {}

  /** Copies directory {@code source} to {@code target}, which must not exist yet. */
  public static void copy(Path source, Path target) {
    ProcessRunner.runTool(
        List.of(
            "cp",
            "-a",
            "--reflink=auto",
            "--no-target-directory",
            source.toString(),
            target.toString()),
        null,
        StoreException::new);
  }
}
