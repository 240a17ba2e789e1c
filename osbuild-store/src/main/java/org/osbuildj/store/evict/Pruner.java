package org.osbuildj.store.evict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osbuildj.store.layout.StoreLayout;
import org.osbuildj.store.layout.TmpArea;
import org.osbuildj.store.layout.TmpEntry;
import org.osbuildj.store.lock.HeldLock;
import org.osbuildj.store.lock.LockTable;
import org.osbuildj.store.object.Lookup;
import org.osbuildj.store.object.ObjectDirectory;
import org.osbuildj.store.object.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a store under a size, counting everything in it: trees, step logs, caches, source files.
 * First trees (each with its log) and the logs of trees that are gone, least recently used first;
 * only when those cannot bring the store under the size, the named caches and the source files,
 * least recently used first. Nothing a build holds is taken.
 */
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

  /** What the store takes now, by kind. */
  public StoreUsage usage() throws IOException {
    List<StoredObject> trees = objects.scan().usable();
    Inventory inventory = Inventory.scan(layout);
    return new StoreUsage(
        trees.size(),
        trees.stream().mapToLong(StoredObject::sizeOnDisk).sum(),
        inventory.logs.size(),
        Inventory.sum(inventory.logs),
        inventory.caches.stream()
            .collect(Collectors.toMap(Inventory.Item::name, Inventory.Item::bytes)),
        inventory.sources.size(),
        Inventory.sum(inventory.sources));
  }

  /**
   * Evicts until the store takes at most {@code targetBytes}. A tree that is read, or that a
   * workspace stands on, is passed over (and so are the layers under it), and so is a cache or the
   * source files a build of this or another process uses, and a log written since the oldest
   * running build began (it may be that build's). Returns the bytes the store takes afterwards.
   */
  public long prune(long targetBytes) throws IOException {
    // One pruner at a time: two would each count the other's victims as still there.
    try (HeldLock storeLock = locks.exclusive(layout.storeLock());
        Eviction eviction = new Eviction()) {
      // Damaged objects first: they are of no use to anyone, whatever their size.
      for (Lookup.Damaged damaged : objects.scan().damaged()) {
        objects.setAside(damaged, tmp);
      }
      Inventory inventory = Inventory.scan(layout);
      Optional<Instant> runningSince = tmp.oldestLiveEntry();
      Set<String> inUse = new HashSet<>();
      while (true) {
        // Listed afresh each round: other builders commit while we prune.
        List<StoredObject> present = objects.scan().usable();
        long total = present.stream().mapToLong(StoredObject::sizeOnDisk).sum() + inventory.bytes();
        if (total <= targetBytes) {
          return total;
        }
        Set<String> presentIds = present.stream().map(StoredObject::id).collect(Collectors.toSet());
        Optional<StoredObject> tree = EvictionOrder.next(present, inUse);
        Optional<Inventory.Item> log =
            inventory.logs.stream()
                .filter(l -> l.treeId().map(id -> !presentIds.contains(id)).orElse(true))
                .filter(l -> runningSince.map(since -> l.lastUsed().isBefore(since)).orElse(true))
                .min(Comparator.comparing(Inventory.Item::lastUsed));
        if (log.isPresent()
            && (tree.isEmpty() || log.get().lastUsed().isBefore(tree.get().lastUsed()))) {
          deleteLog(log.get(), inventory);
        } else if (tree.isPresent()) {
          if (evict(tree.get().id())) {
            inventory.logs.stream()
                .filter(l -> l.treeId().equals(Optional.of(tree.get().id())))
                .findFirst()
                .ifPresent(l -> deleteLog(l, inventory));
          } else {
            inUse.add(tree.get().id());
          }
        } else if (!eviction.evictCacheOrSource(inventory)) {
          return total;
        }
      }
    }
  }

  private static void deleteLog(Inventory.Item log, Inventory inventory) {
    try {
      Files.deleteIfExists(log.path());
    } catch (IOException e) {
      LOG.warn("store: cannot delete the log {}: {}", log.path(), e.getMessage());
    }
    inventory.logs.remove(log);
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

  /** The caches and source files of one prune, and the locks taken to evict them. */
  private final class Eviction implements AutoCloseable {
    private final Set<Inventory.Item> inUse = new HashSet<>();
    private HeldLock sourcesLock;
    private boolean sourcesTried;

    /** Evicts the least recently used cache or source file; false when none can go. */
    boolean evictCacheOrSource(Inventory inventory) throws IOException {
      while (true) {
        Optional<Inventory.Item> next =
            Stream.concat(inventory.caches.stream(), inventory.sources.stream())
                .filter(item -> !inUse.contains(item))
                .min(Comparator.comparing(Inventory.Item::lastUsed));
        if (next.isEmpty()) {
          return false;
        }
        Inventory.Item item = next.get();
        boolean evicted = inventory.caches.contains(item) ? evictCache(item) : evictSource(item);
        if (evicted) {
          inventory.caches.remove(item);
          inventory.sources.remove(item);
          return true;
        }
        inUse.add(item);
      }
    }

    private boolean evictCache(Inventory.Item cache) throws IOException {
      Optional<HeldLock> lock = locks.tryExclusive(layout.cacheLock(cache.name()));
      if (lock.isEmpty()) {
        return false;
      }
      try (HeldLock held = lock.get();
          TmpEntry graveyard = tmp.create("evicted-cache")) {
        LOG.info("store: evicting cache {}", cache.name());
        // One rename: a build that asks for the cache next gets an empty one, never half of it.
        Files.move(cache.path(), graveyard.path().resolve("cache"), StandardCopyOption.ATOMIC_MOVE);
        return true;
      }
    }

    private boolean evictSource(Inventory.Item source) throws IOException {
      if (!sourcesTried) {
        sourcesTried = true;
        sourcesLock = locks.tryExclusive(layout.sourcesLock()).orElse(null);
      }
      if (sourcesLock == null) {
        return false;
      }
      LOG.info("store: evicting source {}", source.name());
      // A build's view holds its own hard link, so a view made before stays whole.
      Files.deleteIfExists(source.path());
      return true;
    }

    @Override
    public void close() {
      if (sourcesLock != null) {
        sourcesLock.close();
      }
    }
  }
}
