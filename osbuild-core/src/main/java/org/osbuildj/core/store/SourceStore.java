package org.osbuildj.core.store;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * The part of a store that keeps fetched source files by SHA-256, across builds. A file enters only
 * complete and with the SHA-256 it was expected to have; the executor fetches into it before a
 * build and shows stages a read-only {@link SourceView} of it.
 *
 * <pre>{@code
 * SourceStore sources = store.sourceStore().orElseThrow();
 * if (!sources.has(sha256)) {
 *   sources.add(sha256, out -> download(url, out));
 * }
 * }</pre>
 */
public interface SourceStore {

  /**
   * Whether a file with this SHA-256 (64 lower-case hex digits) is stored, its content verified; a
   * stored file whose content no longer matches is dropped and reported missing.
   */
  boolean has(String sha256) throws IOException;

  /**
   * Stores what {@code content} writes, if its SHA-256 is {@code sha256}; otherwise stores nothing.
   * Whatever {@code content} throws is passed on, and nothing is stored either.
   *
   * @throws ChecksumMismatchException when the content has another SHA-256
   */
  void add(String sha256, Content content) throws IOException;

  /**
   * A new directory holding stored files, each under a relative path given by {@code sha256ByPath}
   * (such as {@code org.osbuild.files/sha256:<hex>}), for a build to read. Its files may share
   * their content with the store's (hard links): it must be shown to stages read-only only. Closing
   * the view deletes it; the stored files stay.
   *
   * @throws StoreException when a file is not stored
   */
  SourceView view(Map<String, String> sha256ByPath) throws IOException;

  /** Writes a file's content; the store hashes it on the way in. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }
}
