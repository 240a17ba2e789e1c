package org.osbuildj.store.evict;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a store takes on disk, by kind; the size limit bounds {@link #total}.
 *
 * @param trees how many trees and kept images
 * @param treeBytes what they take (each its {@code size})
 * @param logFiles how many step logs
 * @param logBytes what they take
 * @param caches each named cache's size
 * @param sourceFiles how many source files
 * @param sourceBytes what they take
 */
public record StoreUsage(
    int trees,
    long treeBytes,
    int logFiles,
    long logBytes,
    Map<String, Long> caches,
    int sourceFiles,
    long sourceBytes) {
  public StoreUsage {
    caches = Map.copyOf(caches);
  }

  /** The caches, by name in order. */
  public Map<String, Long> cachesByName() {
    return new TreeMap<>(caches);
  }

  public long cacheBytes() {
    return caches.values().stream().mapToLong(Long::longValue).sum();
  }

  public long total() {
    return treeBytes + logBytes + cacheBytes() + sourceBytes;
  }
}
