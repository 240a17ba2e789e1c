package org.osbuildj.store.object;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.store.StoreException;
import org.osbuildj.store.fs.Durability;
import org.osbuildj.store.layout.StoreLayout;
import org.osbuildj.store.layout.TmpArea;
import org.osbuildj.store.layout.TmpEntry;
import org.osbuildj.store.lock.HeldLock;
import org.osbuildj.store.lock.LockTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code objects/} directory: complete stored trees, each {@code objects/ID/} with its {@code
 * meta.json} and its content directory. An object appears by one rename and disappears by one
 * rename, so no one ever sees half of one.
 */
public final class ObjectDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectDirectory.class);

  private final StoreLayout layout;
  private final LockTable locks;
  private final String dataDirName;
  private final ObjectInspector inspector;

  public ObjectDirectory(StoreLayout layout, LockTable locks, String dataDirName) {
    this.layout = layout;
    this.locks = locks;
    this.dataDirName = dataDirName;
    this.inspector = new ObjectInspector(layout, dataDirName);
  }

  /** Refuses anything but a SHA-256 hex id, so an id can never name a path outside the store. */
  public static String checkId(String id) {
    if (!Sha256.isHex(id)) {
      throw new IllegalArgumentException("a tree id is 64 lower-case hex digits, not '" + id + "'");
    }
    return id;
  }

  /** Whether {@code objects/ID} has its metadata file; says nothing of its health (see lookup). */
  public boolean exists(String id) {
    return Files.exists(layout.object(checkId(id)).resolve(MetadataFile.NAME));
  }

  /** Where the object's tree or layer is, once it exists. */
  public Path dataDir(String id) {
    return layout.object(checkId(id)).resolve(dataDirName);
  }

  public String dataDirName() {
    return dataDirName;
  }

  public StoredObject metadata(String id) throws IOException {
    return MetadataFile.read(layout.object(checkId(id)));
  }

  /**
   * Looks at {@code objects/ID} and every layer it stands on: its {@code meta.json} parses and
   * names this id, its tree or layer directory is there, and so is every layer below it.
   */
  public Lookup lookup(String id) {
    return inspector.lookup(checkId(id));
  }

  /**
   * Every object, each inspected once, sorted into usable ones and damaged ones (a damaged layer
   * makes every tree above it damaged too).
   */
  public ObjectScan scan() throws IOException {
    return inspector.scan();
  }

  /** Every usable object; a damaged one is logged and left out (see {@link #scan}). */
  public List<StoredObject> list() throws IOException {
    ObjectScan scan = scan();
    for (Lookup.Damaged damaged : scan.damaged()) {
      LOG.warn("store: skipping damaged {}", damaged);
    }
    return scan.usable();
  }

  /**
   * Moves a damaged object out of the way (into {@code tmp/}, then deletes it), unless another
   * build holds it: that build's tree must stay as it is until it ends.
   *
   * @return true when it is gone (set aside now, or gone meanwhile)
   */
  public boolean setAside(Lookup.Damaged damaged, TmpArea tmp) throws IOException {
    Optional<HeldLock> lock = tryLockExclusive(damaged.id());
    if (lock.isEmpty()) {
      return false;
    }
    try (HeldLock held = lock.get()) {
      // Looked at again under the lock: nobody can evict, touch or replace it now.
      Lookup again = lookup(damaged.id());
      if (again instanceof Lookup.Missing) {
        return true;
      }
      if (again instanceof Lookup.Damaged now) {
        LOG.warn("store: removing damaged {}; it is built again when needed", now);
        remove(damaged.id(), tmp);
        return true;
      }
      return false;
    }
  }

  public HeldLock lockShared(String id) throws IOException {
    return locks.shared(layout.objectLock(checkId(id)));
  }

  public Optional<HeldLock> tryLockExclusive(String id) throws IOException {
    return locks.tryExclusive(layout.objectLock(checkId(id)));
  }

  /**
   * Locks {@code id} and every layer under it, top first: once an object is locked and known to
   * exist, the layers under it cannot be evicted (eviction takes only objects nothing stands on).
   */
  public LockedChain lockChain(String id) throws IOException {
    List<String> ids = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    List<HeldLock> held = new ArrayList<>();
    try {
      Optional<String> next = Optional.of(id);
      while (next.isPresent()) {
        String current = next.get();
        held.add(lockShared(current));
        Lookup here = ids.contains(current) ? null : inspector.inspect(current);
        if (here == null || here instanceof Lookup.Damaged) {
          Lookup.Damaged damaged =
              here == null
                  ? new Lookup.Damaged(
                      current,
                      layout.object(current).resolve(MetadataFile.NAME),
                      "its layers form a loop")
                  : (Lookup.Damaged) here;
          throw new StoreException(
              "tree "
                  + id
                  + " in the store at "
                  + layout.root()
                  + " is damaged: "
                  + damaged.file()
                  + ": "
                  + damaged.reason()
                  + "; build again to replace it");
        }
        if (!(here instanceof Lookup.Found found)) {
          throw new StoreException(
              "tree "
                  + current
                  + " is not in the store at "
                  + layout.root()
                  + (current.equals(id)
                      ? ""
                      : " although tree " + id + " stands on it; the store is damaged"));
        }
        ids.add(current);
        dirs.add(dataDir(current));
        next = found.object().layerBelow();
      }
      return new LockedChain(ids, dirs, held);
    } catch (IOException | RuntimeException e) {
      held.forEach(HeldLock::close);
      throw e;
    }
  }

  /**
   * Moves a complete object directory into place under {@code id}. Returns false, leaving {@code
   * completeDir} where it was, when the id is already stored (another builder was first).
   */
  public boolean publish(Path completeDir, String id) throws IOException {
    Path target = layout.object(checkId(id));
    try {
      // rename(2) refuses to replace a non-empty directory: the first builder wins, atomically.
      Files.move(completeDir, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      return false;
    } catch (FileSystemException e) {
      if (exists(id)) {
        return false;
      }
      throw e;
    }
    Durability.fsync(layout.objects());
    return true;
  }

  /** Records a use, for eviction order; a failure only makes eviction less exact. */
  public void touch(String id, Instant when) {
    try {
      MetadataFile.write(layout.object(checkId(id)), metadata(id).usedAt(when));
    } catch (IOException | StoreException e) {
      LOG.debug("store: could not record the use of {}: {}", id, e.getMessage());
    }
  }

  /** Removes an object; the caller holds its exclusive lock. */
  public void remove(String id, TmpArea tmp) throws IOException {
    try (TmpEntry graveyard = tmp.create("evicted")) {
      // Disappearing by one rename means no reader ever sees a half-deleted tree.
      Files.move(
          layout.object(checkId(id)),
          graveyard.path().resolve("object"),
          StandardCopyOption.ATOMIC_MOVE);
      Durability.fsync(layout.objects());
    }
  }
}
