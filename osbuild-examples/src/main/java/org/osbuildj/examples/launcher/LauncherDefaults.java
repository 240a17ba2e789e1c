package org.osbuildj.examples.launcher;

import java.io.IOException;
import java.nio.file.Path;
import org.osbuildj.core.isolation.HostIsolation;
import org.osbuildj.core.isolation.Isolation;
import org.osbuildj.core.store.Store;

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
      throw new UsageException("stages run isolated in private namespaces, which needs root: run as root, "
          + "or pass --isolation host to run stages unisolated on this machine (only for trusted stages "
          + "that run no commands in the tree)");
    }
    return NamespaceIsolationFactory.create();
  }

  static Store openStore(Path directory, Isolation isolation) throws IOException {
    return StoreFactory.open(directory, isolation);
  }
}
