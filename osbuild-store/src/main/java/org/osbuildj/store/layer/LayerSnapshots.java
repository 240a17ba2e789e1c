package org.osbuildj.store.layer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.store.StoreException;
import org.osbuildj.store.layout.StoreLayout;
import org.osbuildj.store.layout.TmpEntry;
import org.osbuildj.store.object.LockedChain;
import org.osbuildj.store.snapshot.Snapshots;
import org.osbuildj.store.snapshot.StoreWorkspace;

/**
 * Snapshots as overlayfs layers: a stored tree is the upper directory of its stage's run on top of
 * its parent's layers, so a snapshot costs a couple of empty directories and a commit one rename.
 */
public final class LayerSnapshots implements Snapshots {
  /** Layers per tree before a commit flattens them, unless the mount option page is full first. */
  public static final int DEFAULT_MAX_LAYERS = 100;

  /** overlayfs refuses deeper stacks (OVL_MAX_STACK). */
  public static final int KERNEL_MAX_LAYERS = 500;

  /**
   * mount(2) passes its options in one page (4096 bytes); the lower directories may use this many,
   * leaving room for the upper and work directories and the isolation's own options.
   */
  static final int LOWERDIR_BUDGET_BYTES = 3072;

  private final StoreLayout layout;
  private final int maxLayers;

  public LayerSnapshots(StoreLayout layout, int maxLayers) {
    this.layout = layout;
    this.maxLayers = maxLayers;
  }

  /** Refuses a store path that overlayfs's option syntax cannot carry. */
  public static void checkUsableRoot(Path root) {
    String path = root.toAbsolutePath().toString();
    if (path.contains(":") || path.contains(",") || path.contains("\\")) {
      throw new StoreException(
          "an overlay store's path cannot contain ':', ',' or '\\' (overlayfs mount "
              + "options use them): "
              + path);
    }
  }

  @Override
  public String dataDirName() {
    return "layer";
  }

  @Override
  public StoreWorkspace newWorkspace(Object owner, TmpEntry entry, Optional<LockedChain> base)
      throws IOException {
    return new LayerWorkspace(owner, entry, base, layout.emptyLayer(), this);
  }

  @Override
  public TreeMount readOnlyMount(List<Path> layers) {
    // overlayfs wants two lower layers when there is no upper one; one layer is a plain tree.
    return layers.size() == 1
        ? new TreeMount.Directory(layers.get(0))
        : new TreeMount.Overlay(layers, null, null);
  }

  @Override
  public void export(List<Path> layers, Path target) throws IOException {
    OverlayFlattener.flatten(layers, target);
  }

  /** Whether a tree of these layers (top first) must be flattened to stay mountable. */
  boolean needsFlattening(List<Path> layers) {
    int bytes = layers.stream().mapToInt(p -> p.toString().length() + 1).sum();
    return layers.size() > maxLayers || bytes > LOWERDIR_BUDGET_BYTES;
  }
}
