package org.osbuildj.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;

/**
 * A second builder for tests, run in its own JVM by {@link ChildJvm}. Commands: {@code commit STORE
 * ID MARKER} commits a tree with file {@code marker}; {@code hang-before-publish STORE ID} prints
 * READY with a complete object in tmp/ and waits to be killed; {@code hold-workspace STORE} prints
 * READY with a workspace open and waits to be killed; {@code hold-lease STORE ID} prints READY
 * holding a lease on tree ID and waits to be killed.
 */
public final class StoreChild {
  private StoreChild() {}

  public static void main(String[] args) throws Exception {
    Path storeDir = Path.of(args[1]);
    switch (args[0]) {
      case "commit" -> {
        try (FileStore store = FileStore.builder(storeDir).mode(SnapshotMode.COPY).open();
            Workspace workspace = store.newWorkspace(Optional.empty())) {
          Path tree = ((TreeMount.Directory) workspace.mount()).path();
          Files.writeString(tree.resolve("marker"), args[3]);
          store.commit(workspace, new TreeRecord(args[2], "org.osbuild.test", Optional.empty()));
          System.out.println("COMMITTED");
        }
      }
      case "hang-before-publish" -> {
        FileStore store =
            FileStore.builder(storeDir)
                .mode(SnapshotMode.COPY)
                .beforePublish(
                    dir -> {
                      System.out.println("READY");
                      System.out.flush();
                      sleepForever();
                    })
                .open();
        Workspace workspace = store.newWorkspace(Optional.empty());
        Path tree = ((TreeMount.Directory) workspace.mount()).path();
        Files.write(tree.resolve("big"), new byte[1 << 20]);
        store.commit(workspace, new TreeRecord(args[2], "org.osbuild.test", Optional.empty()));
      }
      case "hold-workspace" -> {
        FileStore store = FileStore.builder(storeDir).mode(SnapshotMode.COPY).open();
        store.newWorkspace(Optional.empty());
        System.out.println("READY");
        System.out.flush();
        sleepForever();
      }
      case "hold-lease" -> {
        FileStore store = FileStore.builder(storeDir).mode(SnapshotMode.COPY).open();
        store.read(args[2]);
        System.out.println("READY");
        System.out.flush();
        sleepForever();
      }
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  private static void sleepForever() {
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
