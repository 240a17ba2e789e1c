package org.osbuildj.core.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.store.ChecksumMismatchException;
import org.osbuildj.core.store.SourceStore;
import org.osbuildj.core.store.SourceView;
import org.osbuildj.core.store.Store;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;

/**
 * A minimal store for tests of the executor: trees are directories copied with {@code cp -a}, kept
 * under one directory by id; source files by SHA-256 under {@code sources/}. It records what was
 * committed, so tests can check what ran.
 */
public class TempDirectoryStore implements Store {
  private final Path root;
  private final SourceStore sources = new Sources();
  private final List<TreeRecord> commits = new ArrayList<>();
  private int workspaces;

  public TempDirectoryStore(Path root) throws IOException {
    this.root = Files.createDirectories(root);
    Files.createDirectories(root.resolve("objects"));
  }

  /** Every commit made through this store instance, in order. */
  public List<TreeRecord> commits() {
    return List.copyOf(commits);
  }

  public Path objectPath(String id) {
    return root.resolve("objects").resolve(id);
  }

  /** The ids stored, sorted. */
  public List<String> ids() throws IOException {
    try (var list = Files.list(root.resolve("objects"))) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Override
  public boolean contains(String treeId) {
    return Files.isDirectory(objectPath(treeId));
  }

  @Override
  public Workspace newWorkspace(Optional<String> baseTreeId) throws IOException {
    Path dir = root.resolve("workspace-" + (++workspaces));
    if (baseTreeId.isPresent()) {
      copy(objectPath(baseTreeId.get()), dir);
    } else {
      Files.createDirectories(dir);
    }
    return new Workspace() {
      @Override
      public TreeMount mount() {
        return new TreeMount.Directory(dir);
      }

      @Override
      public void close() throws IOException {
        run("rm", "-rf", dir.toString());
      }
    };
  }

  @Override
  public void commit(Workspace workspace, TreeRecord record) throws IOException {
    keepFirst(((TreeMount.Directory) workspace.mount()).path(), record);
  }

  @Override
  public TreeLease read(String treeId) {
    Path dir = objectPath(treeId);
    return new TreeLease() {
      @Override
      public String treeId() {
        return treeId;
      }

      @Override
      public TreeMount mount() {
        return new TreeMount.Directory(dir);
      }

      @Override
      public void close() {}
    };
  }

  /** Kept like a tree, under its id, and recorded among the commits. */
  @Override
  public boolean keepCopy(Path directory, TreeRecord record) throws IOException {
    keepFirst(directory, record);
    return true;
  }

  @Override
  public boolean copyOut(String treeId, Path target) throws IOException {
    if (!contains(treeId)) return false;
    copy(objectPath(treeId), target);
    return true;
  }

  @Override
  public Optional<SourceStore> sourceStore() {
    return Optional.of(sources);
  }

  /** The stored source files' SHA-256s, sorted. */
  public List<String> sourceIds() throws IOException {
    Path dir = root.resolve("sources");
    if (!Files.isDirectory(dir)) return List.of();
    try (var list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Files by SHA-256 under {@code sources/}, written aside and renamed; views are copies. */
  private final class Sources implements SourceStore {
    @Override
    public boolean has(String sha256) throws IOException {
      Path file = root.resolve("sources").resolve(sha256);
      return Files.isRegularFile(file) && Sha256.hex(Files.readAllBytes(file)).equals(sha256);
    }

    @Override
    public void add(String sha256, Content content) throws IOException {
      Path dir = Files.createDirectories(root.resolve("sources"));
      Path partial = Files.createTempFile(root, "source-", ".partial");
      try {
        try (OutputStream out = Files.newOutputStream(partial)) {
          content.writeTo(out);
        }
        String actual = Sha256.hex(Files.readAllBytes(partial));
        if (!actual.equals(sha256)) {
          throw new ChecksumMismatchException("test source", sha256, actual);
        }
        Files.move(partial, dir.resolve(sha256), StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(partial);
      }
    }

    @Override
    public SourceView view(Map<String, String> sha256ByPath) throws IOException {
      Path view = Files.createTempDirectory(root, "sources-view-");
      for (Map.Entry<String, String> file : sha256ByPath.entrySet()) {
        Path target = view.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.copy(root.resolve("sources").resolve(file.getValue()), target);
      }
      return new SourceView() {
        @Override
        public Path directory() {
          return view;
        }

        @Override
        public void close() throws IOException {
          run("rm", "-rf", view.toString());
        }
      };
    }
  }

  @Override
  public String describe() {
    return "test store at " + root;
  }

  @Override
  public void close() {}

  /**
   * Copies {@code source} in under the record's id unless something is there already; records it.
   */
  private void keepFirst(Path source, TreeRecord record) throws IOException {
    Path target = objectPath(record.treeId());
    if (!Files.exists(target)) {
      Path tmp = root.resolve("tmp-" + record.treeId());
      copy(source, tmp);
      Files.move(tmp, target);
    }
    commits.add(record);
  }

  private static void copy(Path from, Path to) throws IOException {
    run("cp", "-a", from.toString(), to.toString());
  }

  private static void run(String... argv) throws IOException {
    try {
      Process p = new ProcessBuilder(argv).inheritIO().start();
      if (p.waitFor() != 0) throw new IOException(String.join(" ", argv) + " failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
