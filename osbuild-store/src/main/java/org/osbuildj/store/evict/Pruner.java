package org.osbuildj.store.evict;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osbuildj.store.layout.StoreLayout;
import org.osbuildj.store.layout.TmpArea;
import org.osbuildj.store.lock.HeldLock;
import org.osbuildj.store.lock.LockTable;
import org.osbuildj.store.object.Lookup;
import org.osbuildj.store.object.ObjectDirectory;
import org.osbuildj.store.object.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Evicts objects, least recently used leaves first, until the store fits a size. */
public final class Pruner {
  private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

  private final StoreLayout layout;
  private final LockTable locks;
  private final ObjectDirectory objects;
  private final TmpArea tmp;

  public Pruner(StoreLayout layout, LockTable locks, ObjectDirectory objects, TmpArea tmp) {
    this.layout = layout;
    this.locks = locks;
    this.objects = objects;
    this.tmp = tmp;
  }

  /**
   * Evicts until the objects take at most {@code targetBytes}. An object that is read, or that a
   * workspace stands on, is passed over (and so are the layers under it). Returns the bytes left.
   */
  public long prune(long targetBytes) throws IOException {
    // One pruner at a time: two would each count the other's victims as still there.
    try (HeldLock storeLock = locks.exclusive(layout.storeLock())) {
      // Damaged objects first: they are of no use to anyone, whatever their size.
      for (Lookup.Damaged damaged : objects.scan().damaged()) {
        objects.setAside(damaged, tmp);
      }
      Set<String> inUse = new HashSet<>();
      while (true) {
        // Listed afresh each round: other builders commit while we prune.
        List<StoredObject> present = objects.scan().usable();
        long total = present.stream().mapToLong(StoredObject::sizeOnDisk).sum();
        if (total <= targetBytes) {
          return total;
        }
        Optional<StoredObject> victim = EvictionOrder.next(present, inUse);
        if (victim.isEmpty()) {
          return total;
        }
        if (!evict(victim.get().id())) {
          inUse.add(victim.get().id());
        }
      }
    }
  }

  private boolean evict(String id) throws IOException {
    Optional<HeldLock> lock = objects.tryLockExclusive(id);
    if (lock.isEmpty()) {
      return false;
    }
    try (HeldLock held = lock.get()) {
      // Checked under the lock: a builder that put a layer on this one since we listed held the
      // lock then, and no new one can start now.
      if (objects.scan().usable().stream().anyMatch(o -> o.layerBelow().equals(Optional.of(id)))) {
        return false;
      }
      if (objects.exists(id)) {
        LOG.info("store: evicting tree {}", id);
        objects.remove(id, tmp);
      }
      return true;
    }
  }
}
