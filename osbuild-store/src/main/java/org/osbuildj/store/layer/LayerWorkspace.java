package org.osbuildj.store.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.tree.Directories;
import org.osbuildj.store.layout.TmpEntry;
import org.osbuildj.store.object.LockedChain;
import org.osbuildj.store.snapshot.StoreWorkspace;

/**
 * A workspace made of the stored layers it stands on (locked for its whole life) and a private
 * upper and work directory in its tmp entry, where a stage's changes land.
 */
final class LayerWorkspace extends StoreWorkspace {
  private final Path emptyLayer;
  private final LayerSnapshots snapshots;
  private Optional<LockedChain> chain;
  private Path upper;
  private Path work;
  private int generation;

  LayerWorkspace(
      Object owner,
      TmpEntry entry,
      Optional<LockedChain> chain,
      Path emptyLayer,
      LayerSnapshots snapshots)
      throws IOException {
    super(owner, entry);
    this.chain = chain;
    this.emptyLayer = emptyLayer;
    this.snapshots = snapshots;
    freshUpper();
  }

  /**
   * With nothing below, the upper directory is the whole tree: the stage writes into it directly,
   * without overlayfs in the way of a stage that creates a whole system (dpkg's many small writes
   * and renames through overlayfs cost mmdebstrap several per cent).
   */
  @Override
  public synchronized TreeMount mount() {
    return chain.isEmpty()
        ? new TreeMount.Directory(upper)
        : new TreeMount.Overlay(lowers(), upper, work);
  }

  private List<Path> lowers() {
    // overlayfs needs a lower layer even under a tree that starts empty.
    return chain.map(LockedChain::dataDirs).orElse(List.of(emptyLayer));
  }

  @Override
  public synchronized Optional<String> fill(Path dataDir, Path finalDataDir) throws IOException {
    List<Path> stacked = new ArrayList<>();
    stacked.add(finalDataDir);
    chain.ifPresent(c -> stacked.addAll(c.dataDirs()));
    if (snapshots.needsFlattening(stacked)) {
      List<Path> layers = new ArrayList<>();
      layers.add(upper);
      layers.addAll(lowers());
      OverlayFlattener.flatten(layers, dataDir);
      return Optional.empty();
    }
    // The stage's sandbox is gone, so nothing has the upper directory mounted: it becomes the
    // layer.
    Files.move(upper, dataDir);
    return chain.map(LockedChain::top);
  }

  @Override
  public synchronized void continueFrom(LockedChain committed) throws IOException {
    releaseLayers();
    chain = Optional.of(committed);
    freshUpper();
  }

  @Override
  protected synchronized void releaseLayers() {
    chain.ifPresent(LockedChain::close);
    chain = Optional.empty();
  }

  private void freshUpper() throws IOException {
    if (upper != null) {
      Directories.deleteRecursively(upper);
      Directories.deleteRecursively(work);
    }
    generation++;
    upper = Files.createDirectory(entry.path().resolve("upper-" + generation));
    work = Files.createDirectory(entry.path().resolve("work-" + generation));
    copyRootAttributes(lowers().get(0), upper);
  }

  /**
   * The merged tree's root takes its owner and mode from the upper directory, so a fresh upper must
   * carry those of the tree below, or a stage's chmod of "/" would be lost at the next snapshot.
   */
  private static void copyRootAttributes(Path from, Path to) throws IOException {
    for (String attribute : List.of("unix:uid", "unix:gid", "unix:mode")) {
      Object value = Files.getAttribute(from, attribute, LinkOption.NOFOLLOW_LINKS);
      if (attribute.equals("unix:mode")) {
        value = (Integer) value & 07777;
      }
      Files.setAttribute(to, attribute, value, LinkOption.NOFOLLOW_LINKS);
    }
  }
}
