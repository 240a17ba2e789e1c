package org.osbuildj.examples.assertions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a tar archive, read with the host's GNU tar (which knows every compression the tar
 * assembler writes), so entries are seen as tar itself sees them.
 */
public final class TarAssert extends AbstractAssert<TarAssert, Path> {
  public TarAssert(Path archive) {
    super(archive, TarAssert.class);
  }

  /** The archive's entry names, in archive order. */
  public List<String> entries() {
    return List.of(tar("-tf", actual.toString()).split("\n"));
  }

  /** The archive holds {@code entry} (such as {@code ./etc/hostname}). */
  public TarEntryAssert hasEntry(String entry) {
    isNotNull();
    if (!entries().contains(entry)) {
      failWithMessage("expected the archive %s to hold %s", actual, entry);
    }
    return new TarEntryAssert(this, entry, () -> tar("-xOf", actual.toString(), entry));
  }

  public TarAssert hasNoEntry(String entry) {
    isNotNull();
    if (entries().contains(entry)) {
      failWithMessage("expected the archive %s not to hold %s", actual, entry);
    }
    return this;
  }

  public static String tar(String... args) {
    List<String> argv = new ArrayList<>(List.of("tar"));
    argv.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new AssertionError(
            "tar " + String.join(" ", args) + " failed with status " + process.exitValue());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while reading the archive", e);
    }
  }
}
