package org.osbuildj.store.fs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.osbuildj.core.store.StoreException;

/** Deletes a tree, never crossing into another filesystem that happens to be mounted inside it. */
public final class TreeRemover {
  private TreeRemover() {}

  public static void remove(Path path) {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      HostCommand.run(List.of("rm", "-rf", "--one-file-system", "--", path.toString()));
    } catch (StoreException first) {
      // Without root, a tree may hold directories we cannot write into (a stored 0555 /usr):
      // make them writable for ourselves and try once more.
      HostCommand.run(List.of("chmod", "-R", "u+rwx", "--", path.toString()));
      HostCommand.run(List.of("rm", "-rf", "--one-file-system", "--", path.toString()));
    }
  }
}
