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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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
      StoreCheckCommand.class
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

  @Command(
      name = "list",
      description =
          "List every stored tree: id, stage, size on disk, last used; then what the trees, the"
              + " step logs, each cache and the source files take.")
  static final class ListTrees implements Callable<Integer> {
    @ParentCommand StoreCommand store;

    @Override
    public Integer call() throws IOException, UsageException {
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
