package org.osbuildj.store;

import java.util.function.Consumer;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.store.object.LockedChain;

/** A read lease: the chain's shared locks keep eviction away until it is closed. */
final class StoreLease implements TreeLease {
  private final String treeId;
  private final TreeMount mount;
  private final LockedChain chain;
  private final Consumer<TreeLease> whenClosed;

  StoreLease(String treeId, TreeMount mount, LockedChain chain, Consumer<TreeLease> whenClosed) {
    this.treeId = treeId;
    this.mount = mount;
    this.chain = chain;
    this.whenClosed = whenClosed;
  }

  @Override
  public String treeId() {
    return treeId;
  }

  @Override
  public TreeMount mount() {
    return mount;
  }

  @Override
  public void close() {
    chain.close();
    whenClosed.accept(this);
  }
}
