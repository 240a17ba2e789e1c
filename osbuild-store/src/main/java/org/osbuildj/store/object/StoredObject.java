package org.osbuildj.store.object;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store knows about one stored tree.
 *
 * @param id the id of the stage that produced the tree
 * @param stageName that stage's name
 * @param parentId the tree the stage started from, as the executor said
 * @param layerBelow in an overlay store, the object whose layer lies directly under this one's;
 *     empty for a copied tree and for a flattened or bottom layer
 * @param created when it was committed
 * @param sizeOnDisk bytes its own directory takes (a layer: only what the stage changed)
 * @param lastUsed when it was last committed, read or snapshotted: the eviction order
 */
public record StoredObject(
    String id,
    String stageName,
    Optional<String> parentId,
    Optional<String> layerBelow,
    Instant created,
    long sizeOnDisk,
    Instant lastUsed) {
  public StoredObject {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(stageName, "stageName");
    Objects.requireNonNull(parentId, "parentId");
    Objects.requireNonNull(layerBelow, "layerBelow");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lastUsed, "lastUsed");
  }

  public StoredObject usedAt(Instant when) {
    return new StoredObject(id, stageName, parentId, layerBelow, created, sizeOnDisk, when);
  }
}
