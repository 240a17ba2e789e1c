package org.osbuildj.examples.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.host.Host;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.object.StoredObject;
import org.osbuildj.store.remote.RemoteReport;
import org.osbuildj.store.remote.RemoteStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code osbuild store list|prune|clear}: look after the store of trees. */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description = "List the trees in the store, prune it to a size, clear it, or check it.",
    subcommands = {
      StoreCommand.ListTrees.class,
      StoreCommand.Prune.class,
      StoreCommand.Clear.class,
      StoreCheckCommand.class,
      StoreCommand.Push.class,
      StoreCommand.Pull.class
    })
final class StoreCommand {
  @ParentCommand OsbuildCommand launcher;

  @Option(
      names = "--store",
      paramLabel = "DIR",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "The store (default as for building).")
  Path store;

  FileStore open() throws IOException, UsageException {
    return FileStore.open(directory());
  }

  private Path directory() throws UsageException {
    Path dir = store != null ? store : StoreLocation.defaultFor(Host.isRoot());
    CommandLinePaths.directoryOrAbsent("--store", dir);
    return dir;
  }

  /**
   * Whether there is no store to look after, said on standard output: looking at a store never
   * makes one.
   */
  boolean absent() throws UsageException {
    Path dir = directory();
    if (Files.exists(dir)) {
      return false;
    }
    out().println("no store at " + dir + ": nothing is stored there");
    return true;
  }

  PrintStream out() {
    return launcher.stdout();
  }

  PrintStream err() {
    return launcher.stderr();
  }

  /** The store over the remote ones named; a usage error when none is. */
  RemoteStore openShared(RemoteStoreOptions remote) throws IOException, UsageException {
    if (!remote.given()) {
      throw new UsageException("give the remote store with --remote-store oci://HOST[:PORT]/REPO");
    }
    remote.addresses();
    FileStore local = open();
    try {
      return remote.open(local, launcher.environment(), err());
    } catch (IOException | UsageException | RuntimeException e) {
      local.close();
      throw e;
    }
  }

  @Command(
      name = "push",
      description = "Push one stored tree (and the layers it stands on) to the first remote store.")
  static final class Push implements Callable<Integer> {
    @ParentCommand StoreCommand store;
    @Mixin RemoteStoreOptions remote;

    @Parameters(paramLabel = "ID", description = "The tree's id (a stage id).")
    String id;

    @Override
    public Integer call() throws IOException, UsageException {
      checkId(id);
      if (store.absent()) return ExitStatus.BUILD_FAILED;
      try (RemoteStore shared = store.openShared(remote)) {
        if (!shared.local().contains(id)) {
          store.err().println("osbuild: no tree " + id + " in the " + shared.local().describe());
          return ExitStatus.BUILD_FAILED;
        }
        shared.push(id);
        RemoteReport report = shared.awaitPushes();
        RemoteStoreOptions.lines(report).forEach(store.out()::println);
        if (!report.warnings().isEmpty()) return ExitStatus.BUILD_FAILED;
        if (report.pushed().isEmpty()) {
          store.out().println(shared.remotes().get(0) + " has " + id + " already");
        }
      }
      return ExitStatus.SUCCESS;
    }
  }

  @Command(
      name = "pull",
      description =
          "Pull one tree from the remote stores into this store (only the layers it lacks).")
  static final class Pull implements Callable<Integer> {
    @ParentCommand StoreCommand store;
    @Mixin RemoteStoreOptions remote;

    @Parameters(paramLabel = "ID", description = "The tree's id (a stage id).")
    String id;

    @Override
    public Integer call() throws IOException, UsageException {
      checkId(id);
      try (RemoteStore shared = store.openShared(remote)) {
        if (shared.local().contains(id)) {
          store.out().println(id + " is in the " + shared.local().describe() + " already");
          return ExitStatus.SUCCESS;
        }
        boolean pulled = shared.pull(id);
        RemoteStoreOptions.lines(shared.report()).forEach(store.out()::println);
        if (!pulled) {
          store.err().println("osbuild: no remote store could give " + id);
          return ExitStatus.BUILD_FAILED;
        }
      }
      return ExitStatus.SUCCESS;
    }
  }

  static void checkId(String id) throws UsageException {
    if (!org.osbuildj.core.json.Sha256.isHex(id)) {
      throw new UsageException("a tree id is 64 lower-case hex digits, not '" + id + "'");
    }
  }

  @Command(
      name = "list",
      description =
          "List every stored tree: id, stage, size on disk, last used; then what the trees, the"
              + " step logs, each cache and the source files take.")
  static final class ListTrees implements Callable<Integer> {
    @ParentCommand StoreCommand store;
    @Mixin RemoteStoreOptions remote;

    @Option(
        names = "--remote",
        description = "List the trees the first remote store (--remote-store) has instead.")
    boolean listRemote;

    @Override
    public Integer call() throws IOException, UsageException {
      if (listRemote) return listRemote();
      if (store.absent()) return ExitStatus.SUCCESS;
      try (FileStore opened = store.open()) {
        List<StoredObject> objects =
            opened.list().stream()
                .sorted(Comparator.comparing(StoredObject::lastUsed).reversed())
                .toList();
        PrintStream out = store.out();
        out.printf("%-64s  %-28s %10s  %s%n", "ID", "STAGE", "SIZE", "LAST USED");
        for (StoredObject o : objects) {
          out.printf(
              "%-64s  %-28s %10s  %s%n",
              o.id(),
              o.stageName(),
              DataSize.ofBytes(o.sizeOnDisk()).toHumanString(),
              o.lastUsed());
        }
        StoreUsageLines.print(out, opened.usage(), opened.describe());
      }
      return ExitStatus.SUCCESS;
    }

    private int listRemote() throws IOException, UsageException {
      try (RemoteStore shared = store.openShared(remote)) {
        List<String> ids;
        try {
          ids = shared.remoteTrees();
        } catch (IOException e) {
          store.err().println("osbuild: " + shared.remotes().get(0) + ": " + e.getMessage());
          return ExitStatus.BUILD_FAILED;
        }
        ids.forEach(store.out()::println);
        store.out().println(ids.size() + " trees in " + shared.remotes().get(0));
      }
      return ExitStatus.SUCCESS;
    }
  }

  @Command(
      name = "prune",
      description =
          "Evict least recently used trees (with their logs) and old logs until the store fits"
              + " SIZE; then caches and source files if that is not enough.")
  static final class Prune implements Callable<Integer> {
    @ParentCommand StoreCommand store;

    @Option(
        names = "--max-size",
        paramLabel = "SIZE",
        required = true,
        converter = SizeConverter.class,
        description = "The size to prune to: 10G, 500M, or bytes.")
    long maxSize;

    @Override
    public Integer call() throws IOException, UsageException {
      if (store.absent()) return ExitStatus.SUCCESS;
      try (FileStore opened = store.open()) {
        long left = opened.prune(maxSize);
        store
            .out()
            .println(
                "the store now takes "
                    + DataSize.ofBytes(left).toHumanString()
                    + " in "
                    + opened.describe());
      }
      return ExitStatus.SUCCESS;
    }
  }

  @Command(
      name = "clear",
      description =
          "Remove every tree, step log, cache and source file not in use by a running build.")
  static final class Clear implements Callable<Integer> {
    @ParentCommand StoreCommand store;

    @Override
    public Integer call() throws IOException, UsageException {
      if (store.absent()) return ExitStatus.SUCCESS;
      try (FileStore opened = store.open()) {
        long left = opened.removeAll();
        store
            .out()
            .println(
                "cleared "
                    + opened.describe()
                    + (left > 0
                        ? "; "
                            + DataSize.ofBytes(left).toHumanString()
                            + " kept, in use by a running build"
                        : ""));
      }
      return ExitStatus.SUCCESS;
    }
  }
}
