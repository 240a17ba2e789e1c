package org.osbuildj.core.store;

import java.util.Objects;
import java.util.Optional;

/** What the store records about a tree it is given: its id, the stage that made it, its parent. */
public record TreeRecord(String treeId, String stageName, Optional<String> parentId) {
  public TreeRecord {
    Objects.requireNonNull(treeId, "treeId");
    Objects.requireNonNull(stageName, "stageName");
    Objects.requireNonNull(parentId, "parentId");
  }
}
