package org.osbuildj.core.debian;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.json.Sha256;

/**
 * The store's cache of Debian packages and package lists, as a stage's sandbox sees it: {@code
 * archives/} holds every downloaded {@code .deb} (apt checks each against the signed lists before
 * using it), and {@code lists/<key>/} the package lists of one mirror, suite, component set and
 * architecture, complete once its {@code .complete} marker exists.
 */
final class PackageCache {
  static final String NAME = "debian-packages";

  private final String archives;
  private final String lists;

  private PackageCache(String root, String listsKey) {
    this.archives = root + "/archives";
    this.lists = root + "/lists/" + listsKey;
  }

  /** The cache, when the sandbox has one. */
  static Optional<PackageCache> of(Sandbox sandbox, String listsKey) {
    return sandbox.cacheInRoot(NAME).map(root -> new PackageCache(root, listsKey));
  }

  /** Names the lists of one source: lists of another mirror or suite never mix with them. */
  static String listsKey(
      String mirror, String suite, List<String> components, Optional<String> architecture) {
    return Sha256.hex(
            mirror
                + "\n"
                + suite
                + "\n"
                + String.join(",", components)
                + "\n"
                + architecture.orElse("native"))
        .substring(0, 16);
  }

  /** Whether complete lists for this source are kept. */
  boolean hasLists(Sandbox sandbox) throws IOException, InterruptedException {
    return sandbox.exec(Command.of("test", "-e", lists + "/.complete")).succeeded();
  }

  /**
   * mmdebstrap options that feed the kept packages (and, when {@code reuseLists}, the kept lists
   * instead of fetching new ones) into the tree, and keep what was downloaded afterwards. The
   * packages never stay in the image.
   */
  List<String> mmdebstrapHooks(boolean reuseLists) {
    List<String> hooks =
        new ArrayList<>(
            List.of(
                // Keep the essential packages' .deb files after unpacking, so they can be kept too.
                "--skip=essential/unlink",
                "--setup-hook=mkdir -p \"$1\"/var/cache/apt/archives/partial \"$1\"/var/lib/apt/lists/partial "
                    + quote(archives)
                    + " "
                    + quote(lists),
                "--setup-hook=sync-in " + quote(archives) + " /var/cache/apt/archives"));
    if (reuseLists) {
      hooks.add("--skip=update");
      hooks.add("--setup-hook=sync-in " + quote(lists) + " /var/lib/apt/lists");
    }
    // Only what is not kept yet: a .deb's name holds its version, and apt checked its content.
    // Copying every package back (sync-out) rewrote the whole cache on every build.
    // Each copied aside and renamed, so that a build killed mid-copy leaves no truncated package.
    String kept = quote(archives) + "/\"${deb##*/}\"";
    hooks.add(
        "--customize-hook=for deb in \"$1\"/var/cache/apt/archives/*.deb; do "
            + "[ -f \"$deb\" ] && [ ! -e "
            + kept
            + " ] || continue; "
            + "cp \"$deb\" "
            + kept
            + ".part && mv "
            + kept
            + ".part "
            + kept
            + " || exit 1; done");
    hooks.add("--customize-hook=sync-out /var/lib/apt/lists " + quote(lists));
    hooks.add("--customize-hook=touch " + quote(lists + "/.complete"));
    hooks.add(
        "--customize-hook=rm -f \"$1\"/var/cache/apt/archives/*.deb \"$1\"/var/cache/apt/archives/*.part \"$1\"/var/lib/apt/lists/.complete");
    return hooks;
  }

  private static String quote(String path) {
    return "'" + path.replace("'", "'\\''") + "'";
  }
}
