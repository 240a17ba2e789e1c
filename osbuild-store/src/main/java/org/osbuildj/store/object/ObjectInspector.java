package org.osbuildj.store.object;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.store.layout.StoreLayout;

/**
 * Tells a usable object from a damaged one: its {@code meta.json} parses and names its id, its
 * content directory is there, and so is every layer it stands on. Reads only; takes no lock, so an
 * object evicted during a look is reported missing, never damaged.
 */
final class ObjectInspector {
  private final StoreLayout layout;
  private final String dataDirName;

  ObjectInspector(StoreLayout layout, String dataDirName) {
    this.layout = layout;
    this.dataDirName = dataDirName;
  }

  /**
   * Looks at {@code objects/ID} and every layer it stands on: its {@code meta.json} parses and
   * names this id, its tree or layer directory is there, and so is every layer below it.
   */
  Lookup lookup(String top) {
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
  ObjectScan scan() throws IOException {
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
  Lookup inspect(String id) {
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
}
