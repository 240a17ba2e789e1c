package org.osbuildj.core.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps finished trees by id. A tree appears under its id only complete, so a crash never leaves a
 * partial tree visible; implementations may share one store between processes.
 *
 * <p>The executor's use: {@link #contains} to find the longest cached prefix of a pipeline, {@link
 * #newWorkspace} to get a writable tree starting from it, {@link #commit} after each stage, {@link
 * #read} for the build root and the assembler.
 */
public interface Store extends AutoCloseable {

  /** Whether a complete tree is stored under this id. */
  boolean contains(String treeId) throws IOException;

  /**
   * A writable tree that starts as the stored tree {@code baseTreeId} (or empty). Changes to it
   * never change the stored tree.
   */
  Workspace newWorkspace(Optional<String> baseTreeId) throws IOException;

  /**
   * Stores the workspace's current content under {@code record.treeId()}. The workspace stays
   * usable for the next stage. When another builder has committed the same id meanwhile, theirs is
   * kept and this call succeeds.
   */
  void commit(Workspace workspace, TreeRecord record) throws IOException;

  /** A read-only lease on a stored tree; the tree is not evicted while the lease is open. */
  TreeLease read(String treeId) throws IOException;

  /**
   * A directory for a named cache that stages share across builds (downloaded packages and package
   * lists), created when first asked for; empty when this store keeps no caches. What is in it is
   * not verified by the store: its users check it (apt verifies packages against signed lists).
   */
  default Optional<Path> cacheDirectory(String name) throws IOException {
    return Optional.empty();
  }

  /**
   * Where fetched source files are kept by SHA-256 (see {@link SourceStore}); empty when this store
   * keeps none, and then a manifest with sources cannot be built with it.
   */
  default Optional<SourceStore> sourceStore() {
    return Optional.empty();
  }

  /**
   * Keeps a copy of a finished directory that is not a stage's tree, an assembler's output, under
   * {@code record.treeId()}, so that a later build of the same assembler on the same tree copies it
   * out instead of running the assembler again. The directory itself is left as it is.
   *
   * @return false when this store keeps no such copies
   */
  default boolean keepCopy(Path directory, TreeRecord record) throws IOException {
    return false;
  }

  /**
   * Copies what {@link #keepCopy} kept under {@code treeId} into {@code target}, which must not
   * exist yet, keeping sparse files sparse.
   *
   * @return false when nothing is kept under that id (then {@code target} is not created)
   */
  default boolean copyOut(String treeId, Path target) throws IOException {
    return false;
  }

  /** Where the store keeps things, for messages ("store at /var/cache/osbuild-java"). */
  String describe();

  @Override
  void close() throws IOException;
}
