package org.osbuildj.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;

/**
 * A second builder for tests, run in its own JVM by {@link ChildJvm}. Commands: {@code commit STORE
 * ID MARKER BARRIER} commits the many files of {@link ConcurrentBuildersTest#treeOf}, waiting
 * before it publishes them until another child is at that point too (each marks itself in the
 * directory {@code BARRIER}), then prints COMMITTED and every file it reads back from the store
 * ({@code FILE path content}); {@code hang-before-publish STORE ID} prints READY with a complete
 * object in tmp/ and waits to be killed; {@code hold-workspace STORE} prints READY with a workspace
 * open and waits to be killed; {@code hold-lease STORE ID} prints READY holding a lease on tree ID
 * and waits to be killed.
 */
public final class StoreChild {
  private StoreChild() {}

  public static void main(String[] args) throws Exception {
    Path storeDir = Path.of(args[1]);
    switch (args[0]) {
      case "commit" -> {
        Path barrier = Path.of(args[4]);
        try (FileStore store =
                FileStore.builder(storeDir)
                    .mode(SnapshotMode.COPY)
                    .beforePublish(dir -> awaitOther(barrier, args[3]))
                    .open();
            Workspace workspace = store.newWorkspace(Optional.empty())) {
          Path tree = ((TreeMount.Directory) workspace.mount()).path();
          ConcurrentBuildersTest.write(tree, ConcurrentBuildersTest.treeOf(args[3]));
          store.commit(workspace, new TreeRecord(args[2], "org.osbuild.test", Optional.empty()));
          System.out.println("COMMITTED");
          try (TreeLease lease = store.read(args[2])) {
            var files = ConcurrentBuildersTest.read(((TreeMount.Directory) lease.mount()).path());
            files.forEach(
                (path, content) ->
                    System.out.println("FILE " + path + " " + content.replace("\n", "\\n")));
          }
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

  /** What {@code commit} printed as its FILE lines, as a map of path to content. */
  static Map<String, String> parseFiles(String output) {
    Map<String, String> files = new TreeMap<>();
    for (String line : output.lines().toList()) {
      if (line.startsWith("FILE ")) {
        String[] fields = line.split(" ", 3);
        files.put(fields[1], fields[2].replace("\\n", "\n"));
      }
    }
    return files;
  }

  /**
   * A barrier between processes: marks this one as ready in {@code barrier}, then waits until
   * another one is too.
   */
  private static void awaitOther(Path barrier, String name) {
    try {
      Files.createFile(barrier.resolve(name));
      for (int i = 0; i < 6000; i++) {
        try (var ready = Files.list(barrier)) {
          if (ready.count() >= 2) {
            return;
          }
        }
        Thread.sleep(10);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("the other builder never reached its commit");
  }

  private static void sleepForever() {
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
