package org.osbuildj.isolation.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.osbuildj.core.isolation.IsolationException;

/**
 * Gives a build root that is a tree the host's name resolution, for a step that needs the network:
 * a tree made by mmdebstrap has no {@code /etc/resolv.conf} of its own (or one that points to a
 * resolver the sandbox does not run), so apt could resolve no mirror. An overlay over the build
 * root's {@code /etc}, whose upper layer is a tmpfs of the sandbox, holds copies of the host's
 * {@code resolv.conf} and {@code hosts}; it is read-only to the step, and the stored tree is never
 * touched.
 */
final class HostNameResolution {
  private static final List<String> FILES = List.of("resolv.conf", "hosts");

  private HostNameResolution() {}

  /**
   * @param root the sandbox's root, the build root's tree mounted there
   * @param scratch an empty directory on the sandbox's tmpfs, outside the root
   */
  static void lend(Path root, Path scratch, MountStack mounts) throws IOException {
    Path etc = root.resolve("etc");
    if (!Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS)) {
      throw new IsolationException(
          "the build root has no directory /etc to give the host's name resolution to");
    }
    Path upper = Files.createDirectories(scratch.resolve("upper"));
    Path work = Files.createDirectories(scratch.resolve("work"));
    mounts.mount(
        "overlay",
        etc,
        "overlay",
        0,
        "lowerdir=" + etc + ",upperdir=" + upper + ",workdir=" + work);
    for (String name : FILES) {
      Path host = Path.of("/etc", name);
      Path inRoot = etc.resolve(name);
      // A link in the tree (to systemd's stub resolver, say) is replaced, never followed.
      Files.deleteIfExists(inRoot);
      if (Files.isRegularFile(host)) {
        Files.write(inRoot, Files.readAllBytes(host));
      }
    }
    MountStack.remountReadOnly(etc);
  }
}
