package org.osbuildj.core.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The sources of a manifest, by type name ({@code org.osbuild.files}): what its stages may read
 * besides their options, fetched into the store before any stage runs. A stage finds a file as
 * {@code <type>/<checksum>} under the directory its arguments name as {@code "sources"}. Sources
 * are part of no id: a file is named by its checksum, so its content is fixed by the stage's
 * options that name it.
 *
 * <pre>{@code
 * Sources sources = Sources.files(
 *     RemoteFile.of("sha256:...", "https://example.org/hello.txt"));
 * }</pre>
 *
 * @param byType each source's content by its type name, sorted
 */
public record Sources(Map<String, Source> byType) {
  /** The type of files fetched from URLs in version-1 manifests. */
  public static final String FILES = "org.osbuild.files";

  private static final Sources NONE = new Sources(Map.of());

  // A type names a directory in the sandbox: one path component.
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");

  public Sources {
    for (String type : byType.keySet()) {
      if (!isValidType(type)) {
        throw new IllegalArgumentException(
            "a source type is letters, digits and . _ + - (like org.osbuild.files), got: " + type);
      }
    }
    byType = Collections.unmodifiableMap(new TreeMap<>(byType));
  }

  public static Sources none() {
    return NONE;
  }

  /** The {@code org.osbuild.files} source with these files. */
  public static Sources files(RemoteFile... files) {
    return new Sources(Map.of(FILES, UrlSource.of(files)));
  }

  /** Whether {@code type} has the form of a source type name. */
  public static boolean isValidType(String type) {
    return type != null && TYPE.matcher(type).matches();
  }

  /**
   * Whether the manifest names no source at all. One that names a source without files still has
   * sources: its stages get the (empty) sources directory, as osbuild's did.
   */
  public boolean isEmpty() {
    return byType.isEmpty();
  }

  /** Every file of every source, with the type it belongs to, in type and checksum order. */
  public List<TypedFile> files() {
    List<TypedFile> files = new ArrayList<>();
    byType.forEach(
        (type, source) -> source.files().forEach(f -> files.add(new TypedFile(type, f))));
    return List.copyOf(files);
  }

  /** A file and the type of the source that names it. */
  public record TypedFile(String type, RemoteFile file) {
    /** Where a stage finds the file below its sources directory: {@code <type>/<checksum>}. */
    public String relativePath() {
      return type + "/" + file.checksum();
    }
  }
}
