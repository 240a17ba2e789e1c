package org.osbuildj.store.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.osbuildj.core.isolation.ProcessRunner;
import org.osbuildj.core.store.StoreException;
import org.osbuildj.store.fs.TreeCopier;

/**
 * Turns a stack of overlay layers into one plain tree by letting the kernel merge them: the layers
 * are mounted read-only in the private mount namespace of a child {@code unshare -m} process, and
 * copied out with {@code cp -a}. The kernel honours whiteouts, opaque directories and redirects
 * exactly as a stage saw them; the mount dies with the child, so nothing is ever mounted on the
 * host.
 */
public final class OverlayFlattener {
  private static final String MOUNT_AND_COPY =
      "mount -t overlay overlay -o \"$1\" \"$2\" && exec cp -a --reflink=auto --no-target-directory \"$2\" \"$3\"";

  private OverlayFlattener() {}

  /**
   * Writes the merged tree of {@code layers} (top first) to {@code target}, which must not exist.
   */
  public static void flatten(List<Path> layers, Path target) throws IOException {
    if (layers.size() == 1) {
      // A single layer stands on nothing, so it holds no whiteouts to honour.
      TreeCopier.copy(layers.get(0), target);
      return;
    }
    Path mountPoint = Files.createDirectory(target.resolveSibling(target.getFileName() + ".mnt"));
    try {
      String options =
          "ro,lowerdir=" + layers.stream().map(Path::toString).collect(Collectors.joining(":"));
      ProcessRunner.runTool(
          List.of(
              "unshare",
              "--mount",
              "--propagation",
              "private",
              "sh",
              "-c",
              MOUNT_AND_COPY,
              "sh",
              options,
              mountPoint.toString(),
              target.toString()),
          null,
          StoreException::new);
    } finally {
      Files.deleteIfExists(mountPoint);
    }
  }
}
