package org.osbuildj.store.object;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

  public ObjectDirectory(StoreLayout layout, LockTable locks, String dataDirName) {
    this.layout = layout;
    this.locks = locks;
    this.dataDirName = dataDirName;
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

  /** Every usable object; a damaged one is logged and left out (see {@link #scan}). */
  public List<StoredObject> list() throws IOException {
    ObjectScan scan = scan();
    for (Lookup.Damaged damaged : scan.damaged()) {
      LOG.warn("store: skipping damaged {}", damaged);
    }
    return scan.usable();
  }

  /**
   * Looks at {@code objects/ID} and every layer it stands on: its {@code meta.json} parses and
   * names this id, its tree or layer directory is there, and so is every layer below it.
   */
  public Lookup lookup(String id) {
    String top = checkId(id);
    Set<String> seen = new HashSet<>();
    StoredObject found = null;
    String current = top;
    while (true) {
      Lookup own = inspect(current);
      if (!(own instanceof Lookup.Found here)) {
        if (current.equals(top)) {
          return own;
        }
        // Evicted meanwhile from the top down: not damaged, only gone.
        if (!Files.exists(layout.object(top), LinkOption.NOFOLLOW_LINKS)) {
          return new Lookup.Missing();
        }
        return own instanceof Lookup.Damaged below
            ? new Lookup.Damaged(
                top, below.file(), "stands on layer " + current + ", which is damaged")
            : new Lookup.Damaged(
                top,
                layout.object(current),
                "stands on layer " + current + ", which is not in the store");
      }
      if (found == null) {
        found = here.object();
      }
      if (!seen.add(current)) {
        return new Lookup.Damaged(
            top, layout.object(current).resolve(MetadataFile.NAME), "its layers form a loop");
      }
      Optional<String> below = here.object().layerBelow();
      if (below.isEmpty()) {
        return new Lookup.Found(found);
      }
      current = below.get();
    }
  }

  /**
   * Every object, each inspected once, sorted into usable ones and damaged ones (a damaged layer
   * makes every tree above it damaged too).
   */
  public ObjectScan scan() throws IOException {
    Map<String, Lookup> own = new HashMap<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(layout.objects())) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        if (Sha256.isHex(name)) {
          own.put(name, inspect(name));
        }
      }
    }
    List<StoredObject> usable = new ArrayList<>();
    List<Lookup.Damaged> damaged = new ArrayList<>();
    for (String id : new TreeSet<>(own.keySet())) {
      Lookup result = own.get(id);
      if (result instanceof Lookup.Found found) {
        // A broken chain is looked at again, layer by layer, to tell damage from an eviction.
        result = chainIntact(found.object(), own) ? result : lookup(id);
      }
      if (result instanceof Lookup.Found found) {
        usable.add(found.object());
      } else if (result instanceof Lookup.Damaged d) {
        damaged.add(d);
      }
    }
    return new ObjectScan(usable, damaged);
  }

  private static boolean chainIntact(StoredObject object, Map<String, Lookup> own) {
    Set<String> seen = new HashSet<>();
    Optional<String> below = object.layerBelow();
    while (below.isPresent()) {
      if (!seen.add(below.get()) || !(own.get(below.get()) instanceof Lookup.Found found)) {
        return false;
      }
      below = found.object().layerBelow();
    }
    return true;
  }

  /** One object alone, not the layers under it. */
  private Lookup inspect(String id) {
    Path dir = layout.object(id);
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return new Lookup.Missing();
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return new Lookup.Damaged(id, dir, "is not a directory");
    }
    Lookup result = inspectContent(id, dir);
    // Whatever seemed wrong, an object evicted meanwhile is only gone.
    if (result instanceof Lookup.Damaged && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return new Lookup.Missing();
    }
    return result;
  }

  private Lookup inspectContent(String id, Path dir) {
    Path meta = dir.resolve(MetadataFile.NAME);
    StoredObject object;
    try {
      object = MetadataFile.read(dir);
    } catch (NoSuchFileException e) {
      return new Lookup.Damaged(id, meta, "is missing");
    } catch (DamagedMetadataException e) {
      return new Lookup.Damaged(id, meta, e.reason());
    } catch (IOException e) {
      return new Lookup.Damaged(id, meta, "cannot be read: " + e.getMessage());
    }
    if (!object.id().equals(id)) {
      return new Lookup.Damaged(id, meta, "describes another tree, " + object.id());
    }
    if (object.layerBelow().isPresent() && !Sha256.isHex(object.layerBelow().get())) {
      return new Lookup.Damaged(id, meta, "names a layer below that is not a tree id");
    }
    Path data = dir.resolve(dataDirName);
    if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
      return new Lookup.Damaged(
          id,
          data,
          Files.exists(data, LinkOption.NOFOLLOW_LINKS) ? "is not a directory" : "is missing");
    }
    return new Lookup.Found(object);
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
        Lookup here = ids.contains(current) ? null : inspect(current);
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
