package org.osbuildj.examples.launcher;

import java.io.IOException;
import java.nio.file.Path;
import org.osbuildj.core.isolation.HostIsolation;
import org.osbuildj.core.isolation.Isolation;
import org.osbuildj.isolation.linux.NamespaceIsolation;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.SnapshotMode;

/**
 * The launcher's choices when the command line is silent: namespace isolation as root, and never
 * the host isolation unless asked for by name; the on-disk store.
 */
final class LauncherDefaults {
  private LauncherDefaults() {}

  static Isolation isolation(IsolationChoice choice, boolean root) throws UsageException {
    if (choice == IsolationChoice.HOST) {
      return new HostIsolation();
    }
    if (!root) {
      throw new UsageException(
          "stages run isolated in private namespaces, which needs root: run as root, "
              + "or pass --isolation host to run stages unisolated on this machine (only for trusted stages "
              + "that run no commands in the tree)");
    }
    if (!NamespaceIsolation.isAvailable()) {
      throw new UsageException(
          "the namespace isolation is not available here: "
              + NamespaceIsolation.unavailability().orElse("unknown reason"));
    }
    return NamespaceIsolation.create();
  }

  static FileStore openStore(Path directory, Isolation isolation, Long maxSize) throws IOException {
    // Overlay snapshots are mounted by the namespace isolation; the host isolation can only use
    // plain directories, so it gets a copying store.
    SnapshotMode mode = isolation.isolates() ? SnapshotMode.AUTO : SnapshotMode.COPY;
    FileStore.Builder store = FileStore.builder(directory).mode(mode);
    if (maxSize != null) store.maxSize(maxSize);
    return store.open();
  }
}
