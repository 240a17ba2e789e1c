package org.osbuildj.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.osbuildj.core.isolation.ProcessRunner;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.store.StoreException;

/**
 * Stands in for the isolation in root tests: makes a {@link TreeMount} appear at a mount point
 * inside a child {@code unshare --mount} process and runs a shell script there, with {@code $T} the
 * tree. The mount dies with the child, so the host never sees it.
 */
final class OverlayShell {
  private OverlayShell() {}

  static String run(TreeMount mount, Path scratch, String script) throws Exception {
    if (mount instanceof TreeMount.Directory directory) {
      return ProcessRunner.runTool(
          List.of("sh", "-c", "T=\"$1\"; " + script, "sh", directory.path().toString()),
          null,
          StoreException::new);
    }
    TreeMount.Overlay overlay = (TreeMount.Overlay) mount;
    String lowers =
        overlay.lowerDirs().stream().map(Path::toString).collect(Collectors.joining(":"));
    String options =
        overlay.writable()
            ? "lowerdir="
                + lowers
                + ",upperdir="
                + overlay.upperDir()
                + ",workdir="
                + overlay.workDir()
            : "ro,lowerdir=" + lowers;
    Path mountPoint = Files.createTempDirectory(scratch, "mnt");
    try {
      return ProcessRunner.runTool(
          List.of(
              "unshare",
              "--mount",
              "--propagation",
              "private",
              "sh",
              "-c",
              "mount -t overlay overlay -o \"$1\" \"$2\" && T=\"$2\" && " + script,
              "sh",
              options,
              mountPoint.toString()),
          null,
          StoreException::new);
    } finally {
      Files.delete(mountPoint);
    }
  }
}
