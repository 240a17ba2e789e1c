package org.osbuildj.store.remote;

import java.util.ArrayList;
import java.util.List;
import org.osbuildj.store.registry.RegistryAddress;

/** What a remote store pulled, pushed, and what went wrong (each a warning: builds go on). */
public final class RemoteReport {
  private final List<Transfer> pulled = new ArrayList<>();
  private final List<Transfer> pushed = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  /**
   * One tree moved: its id, the registry, how many layers (blobs) moved and their bytes
   * (compressed).
   */
  public record Transfer(String treeId, RegistryAddress remote, int layers, long bytes) {}

  synchronized void pulled(Transfer t) {
    pulled.add(t);
  }

  synchronized void pushed(Transfer t) {
    pushed.add(t);
  }

  synchronized void warning(String w) {
    warnings.add(w);
  }

  public synchronized List<Transfer> pulled() {
    return List.copyOf(pulled);
  }

  public synchronized List<Transfer> pushed() {
    return List.copyOf(pushed);
  }

  public synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }
}
