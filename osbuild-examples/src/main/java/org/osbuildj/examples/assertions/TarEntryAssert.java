package org.osbuildj.examples.assertions;

import java.util.function.Supplier;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one entry of a tar archive, reached through {@link TarAssert#hasEntry}. */
public final class TarEntryAssert extends AbstractAssert<TarEntryAssert, String> {
  private final TarAssert archive;
  private final Supplier<String> content;

  TarEntryAssert(TarAssert archive, String entry, Supplier<String> content) {
    super(entry, TarEntryAssert.class);
    this.archive = archive;
    this.content = content;
  }

  public TarEntryAssert withContent(String expected) {
    String found = content.get();
    if (!found.equals(expected)) {
      failWithMessage(
          "expected %s to contain \"%s\", but it contains \"%s\"",
          actual, expected.replace("\n", "\\n"), found.replace("\n", "\\n"));
    }
    return this;
  }

  /** Back to the archive, for assertions on other entries. */
  public TarAssert and() {
    return archive;
  }
}
