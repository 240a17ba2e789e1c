package org.osbuildj.store.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.SnapshotMode;
import org.osbuildj.store.fs.Durability;
import org.osbuildj.store.oci.LayerBlob;
import org.osbuildj.store.oci.LayerExtractor;
import org.osbuildj.store.oci.TreeImage;
import org.osbuildj.store.registry.RegistryClient;

/**
 * Brings one tree from a registry into the local store. Only the layers above the highest one the
 * local store has are fetched; each blob is checked against its size and digest before it is
 * opened, and its tar against its diff id while it is extracted. An overlay store imports each
 * layer as the object it was on the publishing machine; a copy store applies the layers onto a copy
 * of the highest local tree (or an empty one) and imports the result as one tree. Every object
 * appears complete or not at all, so a failure leaves the local store as it was (or with some lower
 * layers more, each complete).
 */
final class TreePuller {
  private final FileStore local;
  private final RegistryClient registry;

  record Pulled(int layers, long bytes) {}

  TreePuller(FileStore local, RegistryClient registry) {
    this.local = local;
    this.registry = registry;
  }

  Optional<Pulled> pull(String treeId) throws IOException {
    Optional<byte[]> manifest = registry.manifest(treeId);
    if (manifest.isEmpty()) return Optional.empty();
    List<TreeImage.Layer> layers = TreeImage.read(manifest.get(), treeId);
    int have = -1;
    for (int i = layers.size() - 1; i >= 0; i--) {
      if (local.contains(layers.get(i).id())) {
        have = i;
        break;
      }
    }
    if (have == layers.size() - 1) return Optional.of(new Pulled(0, 0));
    long bytes = 0;
    if (local.mode() == SnapshotMode.OVERLAY) {
      for (int i = have + 1; i < layers.size(); i++) {
        TreeImage.Layer layer = layers.get(i);
        Optional<String> below = i == 0 ? Optional.empty() : Optional.of(layers.get(i - 1).id());
        local.importTree(
            new TreeRecord(layer.id(), layer.stage(), layer.parent()),
            below,
            (dataDir, objectDir, scratch) -> {
              Path blob = fetch(layer, scratch);
              Files.createDirectory(dataDir);
              layer.blob().extract(blob, dataDir, LayerExtractor.Whiteouts.AS_OVERLAY);
              Durability.writeAtomically(
                  objectDir.resolve(LayerBlob.CACHE_FILE), layer.blob().toJson());
            });
        bytes += layer.blob().size();
      }
    } else {
      int from = have;
      TreeImage.Layer top = layers.get(layers.size() - 1);
      local.importTree(
          new TreeRecord(top.id(), top.stage(), top.parent()),
          Optional.empty(),
          (dataDir, objectDir, scratch) -> {
            if (from >= 0) {
              local.export(layers.get(from).id(), dataDir);
            } else {
              Files.createDirectory(dataDir);
              Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            for (int i = from + 1; i < layers.size(); i++) {
              Path blob = fetch(layers.get(i), scratch);
              layers.get(i).blob().extract(blob, dataDir, LayerExtractor.Whiteouts.APPLY);
              Files.delete(blob);
            }
            if (layers.size() == 1) {
              Durability.writeAtomically(
                  objectDir.resolve(LayerBlob.CACHE_FILE), top.blob().toJson());
            }
          });
      for (int i = from + 1; i < layers.size(); i++) bytes += layers.get(i).blob().size();
    }
    return Optional.of(new Pulled(layers.size() - 1 - have, bytes));
  }

  private Path fetch(TreeImage.Layer layer, Path scratch) throws IOException {
    Path blob = scratch.resolve("blob-" + layer.id());
    registry.pullBlob(layer.blob().digest(), layer.blob().size(), blob);
    return blob;
  }
}
