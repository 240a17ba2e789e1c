package org.osbuildj.store.evict;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.osbuildj.store.object.StoredObject;

/**
 * Least recently used first, among the objects no other object stands on: removing a layer that
 * another layer lies on would break every tree above it.
 */
public final class EvictionOrder {
  private EvictionOrder() {}

  /** The next object to evict, not counting those in {@code passedOver} (found in use). */
  public static Optional<StoredObject> next(
      Collection<StoredObject> objects, Set<String> passedOver) {
    Set<String> underOthers =
        objects.stream().flatMap(o -> o.layerBelow().stream()).collect(Collectors.toSet());
    return objects.stream()
        .filter(o -> !underOthers.contains(o.id()) && !passedOver.contains(o.id()))
        .min(Comparator.comparing(StoredObject::lastUsed).thenComparing(StoredObject::id));
  }
}
