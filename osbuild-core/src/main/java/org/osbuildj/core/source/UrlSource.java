package org.osbuildj.core.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Files fetched from URLs, each known by its checksum: osbuild's {@code org.osbuild.files} in
 * version-1 manifests ({@code {"urls": {"sha256:...": "https://..."}}}), which its format 2 calls
 * {@code org.osbuild.curl} (the same entries under {@code items}).
 *
 * @param byChecksum every file, by its checksum
 */
public record UrlSource(Map<Checksum, RemoteFile> byChecksum) implements Source {
  public UrlSource {
    for (Map.Entry<Checksum, RemoteFile> entry : byChecksum.entrySet()) {
      if (!entry.getKey().equals(entry.getValue().checksum())) {
        throw new IllegalArgumentException(
            "the file under " + entry.getKey() + " has checksum " + entry.getValue().checksum());
      }
    }
    byChecksum = Collections.unmodifiableMap(new TreeMap<>(byChecksum));
  }

  /** The files given, each checksum once. */
  public static UrlSource of(Collection<RemoteFile> files) {
    Map<Checksum, RemoteFile> map = new TreeMap<>();
    for (RemoteFile file : files) {
      if (map.put(file.checksum(), file) != null) {
        throw new IllegalArgumentException("two files with checksum " + file.checksum());
      }
    }
    return new UrlSource(map);
  }

  public static UrlSource of(RemoteFile... files) {
    return of(List.of(files));
  }

  @Override
  public List<RemoteFile> files() {
    return List.copyOf(new ArrayList<>(byChecksum.values()));
  }
}
