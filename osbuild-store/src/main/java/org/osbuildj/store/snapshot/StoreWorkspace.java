package org.osbuildj.store.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.osbuildj.core.store.Workspace;
import org.osbuildj.store.layout.TmpEntry;
import org.osbuildj.store.object.LockedChain;

/**
 * A workspace of a file store: lives in its own {@code tmp/} entry and knows how to hand its tree
 * over to a commit. Internal to osbuild-store; callers see only {@link Workspace}.
 */
public abstract class StoreWorkspace implements Workspace {
  private final Object owner;
  protected final TmpEntry entry;
  private volatile Runnable whenClosed = () -> {};

  protected StoreWorkspace(Object owner, TmpEntry entry) {
    this.owner = owner;
    this.entry = entry;
  }

  public boolean belongsTo(Object store) {
    return owner == store;
  }

  /**
   * Puts the workspace's current tree at {@code dataDir} (which does not exist yet; it will be
   * published as {@code finalDataDir}) and returns the object the new one stands on, if any.
   */
  public abstract Optional<String> fill(Path dataDir, Path finalDataDir) throws IOException;

  /**
   * After a commit of {@code committed} (by us or by another builder first): continue from it. The
   * workspace takes ownership of the chain.
   */
  public abstract void continueFrom(LockedChain committed) throws IOException;

  /** Lets the store forget the workspace once it is closed. */
  public void whenClosed(Runnable action) {
    this.whenClosed = action;
  }

  @Override
  public void close() throws IOException {
    try {
      releaseLayers();
      entry.close();
    } finally {
      whenClosed.run();
    }
  }

  /** Releases the stored layers the workspace stands on, if it stands on any. */
  protected void releaseLayers() {}
}
