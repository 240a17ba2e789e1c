package org.osbuildj.store.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.SnapshotMode;
import org.osbuildj.store.StoredLayers;
import org.osbuildj.store.fs.Durability;
import org.osbuildj.store.layout.TmpEntry;
import org.osbuildj.store.oci.LayerBlob;
import org.osbuildj.store.oci.TreeImage;
import org.osbuildj.store.registry.RegistryClient;

/**
 * Publishes one stored tree: each layer's blob the registry lacks (a layer's blob is made once and
 * remembered in its object directory), the config, then the manifest under the tree's id. Pushing a
 * tree the registry has already does nothing; two builders pushing one tree both succeed (the blobs
 * are the same, and the last manifest stays).
 */
final class TreePusher {
  private final FileStore local;
  private final RegistryClient registry;

  TreePusher(FileStore local, RegistryClient registry) {
    this.local = local;
    this.registry = registry;
  }

  /** The transfer, or empty when the registry had the tree already. */
  Optional<RemoteReport.Transfer> push(String treeId) throws IOException {
    if (registry.hasManifest(treeId)) return Optional.empty();
    int uploaded = 0;
    long bytes = 0;
    try (StoredLayers stored = local.layers(treeId);
        TmpEntry scratch = local.scratch("push")) {
      boolean overlay = stored.mode() == SnapshotMode.OVERLAY;
      List<TreeImage.Layer> layers = new ArrayList<>();
      for (StoredLayers.Layer layer : stored.layers()) {
        Optional<LayerBlob> known = LayerBlob.cached(layer.objectDir());
        LayerBlob blob;
        if (known.isPresent() && registry.hasBlob(known.get().digest())) {
          blob = known.get();
        } else {
          Path file = scratch.path().resolve("layer-" + layer.object().id());
          blob = LayerBlob.write(layer.dataDir(), overlay, file);
          if (known.isEmpty() || !known.get().equals(blob)) remember(layer.objectDir(), blob);
          if (!registry.hasBlob(blob.digest())) {
            registry.pushBlob(file, blob.digest());
            uploaded++;
            bytes += blob.size();
          }
          Files.delete(file);
        }
        layers.add(
            new TreeImage.Layer(
                layer.object().id(), layer.object().stageName(), layer.object().parentId(), blob));
      }
      TreeImage.Built image =
          TreeImage.build(layers, overlay ? "overlay" : "copy", TreeImage.hostArchitecture());
      if (!registry.hasBlob(image.configDigest())) {
        Path config = Files.write(scratch.path().resolve("config.json"), image.config());
        registry.pushBlob(config, image.configDigest());
      }
      registry.putManifest(treeId, image.manifest());
    }
    return Optional.of(new RemoteReport.Transfer(treeId, registry.address(), uploaded, bytes));
  }

  private static void remember(Path objectDir, LayerBlob blob) {
    try {
      Durability.writeAtomically(objectDir.resolve(LayerBlob.CACHE_FILE), blob.toJson());
    } catch (IOException e) {
      // Only a later push's time is lost: it makes the blob again.
    }
  }
}
