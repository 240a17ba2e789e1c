package org.osbuildj.store.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.store.layout.TmpEntry;
import org.osbuildj.store.object.LockedChain;

/** One way of taking snapshots (copies or overlay layers). Internal to osbuild-store. */
public interface Snapshots {

  /** The name of the content directory inside {@code objects/ID/}. */
  String dataDirName();

  /**
   * A workspace in {@code entry}, starting from {@code base} (whose chain it takes over) or empty.
   */
  StoreWorkspace newWorkspace(Object owner, TmpEntry entry, Optional<LockedChain> base)
      throws IOException;

  /** A read-only view of a stored tree given by its layers, top first. */
  TreeMount readOnlyMount(List<Path> layers);

  /**
   * Writes the whole tree made of {@code layers} (top first) to {@code target}, which must not
   * exist.
   */
  void export(List<Path> layers, Path target) throws IOException;
}
