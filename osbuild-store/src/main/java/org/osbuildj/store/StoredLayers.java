package org.osbuildj.store;

import java.nio.file.Path;
import java.util.List;
import org.osbuildj.store.object.LockedChain;
import org.osbuildj.store.object.StoredObject;

/**
 * A stored tree as the layers it is made of, bottom first, none of which can be evicted until this
 * is closed: one layer in a copy store (the whole tree) or for a flattened tree, the tree's overlay
 * layers in an overlay store. What the remote store publishes.
 */
public final class StoredLayers implements AutoCloseable {
  private final SnapshotMode mode;
  private final List<Layer> layers;
  private final LockedChain chain;

  /**
   * One stored object: its metadata, its content directory (a tree, or an overlay upper layer) and
   * its object directory, where the remote store keeps what it learnt about the layer.
   */
  public record Layer(StoredObject object, Path dataDir, Path objectDir) {}

  StoredLayers(SnapshotMode mode, List<Layer> layers, LockedChain chain) {
    this.mode = mode;
    this.layers = List.copyOf(layers);
    this.chain = chain;
  }

  public SnapshotMode mode() {
    return mode;
  }

  /** Bottom first; the last is the tree asked for. */
  public List<Layer> layers() {
    return layers;
  }

  @Override
  public void close() {
    chain.close();
  }
}
