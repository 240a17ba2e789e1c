package org.osbuildj.store.object;

import java.nio.file.Path;

/** What a look at {@code objects/ID} found: a usable tree, nothing, or a damaged object. */
public sealed interface Lookup {

  /** A complete object whose layers are all there. */
  record Found(StoredObject object) implements Lookup {}

  /** No object under that id. */
  record Missing() implements Lookup {}

  /**
   * An object that cannot be used: {@code file} is what is wrong (its {@code meta.json}, its tree
   * or layer directory, or a layer it stands on), {@code reason} says how, in one line.
   */
  record Damaged(String id, Path file, String reason) implements Lookup {
    @Override
    public String toString() {
      return "tree " + id + ": " + file + ": " + reason;
    }
  }
}
