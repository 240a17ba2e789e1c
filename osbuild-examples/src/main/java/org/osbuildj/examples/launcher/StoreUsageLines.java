package org.osbuildj.examples.launcher;

import java.io.PrintStream;
import java.util.Map;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.store.evict.StoreUsage;

/** The end of {@code store list}: what each kind of thing in the store takes, and the total. */
final class StoreUsageLines {
  private StoreUsageLines() {}

  static void print(PrintStream out, StoreUsage usage, String store) {
    out.println(usage.trees() + " trees and images, " + size(usage.treeBytes()));
    out.println(usage.logFiles() + " step logs, " + size(usage.logBytes()));
    for (Map.Entry<String, Long> cache : usage.cachesByName().entrySet()) {
      out.println("cache " + cache.getKey() + ", " + size(cache.getValue()));
    }
    out.println(usage.sourceFiles() + " source files, " + size(usage.sourceBytes()));
    out.println(size(usage.total()) + " in " + store);
  }

  private static String size(long bytes) {
    return DataSize.ofBytes(bytes).toHumanString();
  }
}
