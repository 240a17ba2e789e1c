package org.osbuildj.store.check;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing {@code FileStore.check} found wrong.
 *
 * @param what the stored thing, as a person names it: {@code tree <id>}, {@code source
 *     sha256:<hex>}
 * @param file the file or directory that is wrong
 * @param reason what is wrong with it, in one line
 * @param repaired whether the check set it aside (a damaged tree that a running build holds is left
 *     to it)
 */
public record StoreProblem(String what, Path file, String reason, boolean repaired) {
  public StoreProblem {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return what + ": " + file + ": " + reason;
  }
}
