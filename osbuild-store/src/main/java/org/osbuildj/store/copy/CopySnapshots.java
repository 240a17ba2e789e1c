package org.osbuildj.store.copy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.store.fs.TreeCopier;
import org.osbuildj.store.layout.TmpEntry;
import org.osbuildj.store.object.LockedChain;
import org.osbuildj.store.snapshot.Snapshots;
import org.osbuildj.store.snapshot.StoreWorkspace;

/** Snapshots by copying whole trees: needs neither root nor overlayfs. */
public final class CopySnapshots implements Snapshots {

  @Override
  public String dataDirName() {
    return "tree";
  }

  @Override
  public StoreWorkspace newWorkspace(Object owner, TmpEntry entry, Optional<LockedChain> base)
      throws IOException {
    Path tree = entry.path().resolve("tree");
    if (base.isPresent()) {
      // The copy is independent of the stored tree, so the lock is needed only while copying.
      try (LockedChain chain = base.get()) {
        TreeCopier.copy(chain.dataDirs().get(0), tree);
      }
    } else {
      Files.createDirectory(tree);
      // A tree's root is 0755 whatever the builder's umask, as in any installed system.
      Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return new CopyWorkspace(owner, entry, tree);
  }

  @Override
  public TreeMount readOnlyMount(List<Path> layers) {
    return new TreeMount.Directory(layers.get(0));
  }

  @Override
  public void export(List<Path> layers, Path target) {
    TreeCopier.copy(layers.get(0), target);
  }

  /** A plain directory that stays the workspace's own across commits. */
  private static final class CopyWorkspace extends StoreWorkspace {
    private final Path tree;
    // The tree last committed from here stays locked until the next commit or close, as in the
    // layered mode: the executor reads it right after (the assembler, a build root), and the size
    // limit must not evict it in between.
    private Optional<LockedChain> lastCommitted = Optional.empty();

    CopyWorkspace(Object owner, TmpEntry entry, Path tree) {
      super(owner, entry);
      this.tree = tree;
    }

    @Override
    public TreeMount mount() {
      return new TreeMount.Directory(tree);
    }

    @Override
    public Optional<String> fill(Path dataDir, Path finalDataDir) {
      TreeCopier.copy(tree, dataDir);
      return Optional.empty();
    }

    @Override
    public synchronized void continueFrom(LockedChain committed) {
      releaseLayers();
      lastCommitted = Optional.of(committed);
    }

    @Override
    protected synchronized void releaseLayers() {
      lastCommitted.ifPresent(LockedChain::close);
      lastCommitted = Optional.empty();
    }
  }
}
