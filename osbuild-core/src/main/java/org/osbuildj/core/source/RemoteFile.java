package org.osbuildj.core.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One file a source fetches: the checksum it must have and the URL it comes from.
 *
 * @param checksum what the file's content must hash to; the file is known by it
 * @param url where to fetch it: {@code http}, {@code https} or {@code file}
 * @param secrets the name of a secrets provider osbuild used to fetch it (such as {@code
 *     org.osbuild.rhsm}, for subscription certificates), kept so that the manifest writes back as
 *     it was read; empty for none
 */
public record RemoteFile(Checksum checksum, URI url, Optional<String> secrets) {
  /** The URL schemes fetched. */
  public static final Set<String> SCHEMES = Set.of("http", "https", "file");

  public RemoteFile {
    Objects.requireNonNull(checksum, "checksum");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secrets, "secrets");
    Optional<String> problem = urlProblem(url.toString());
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
  }

  /** A file fetched from {@code url}, with no secrets. */
  public static RemoteFile of(String checksum, String url) {
    return new RemoteFile(Checksum.parse(checksum), URI.create(url), Optional.empty());
  }

  /** What is wrong with {@code url} as a URL to fetch from, for a reader's message. */
  public static Optional<String> urlProblem(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme == null || !SCHEMES.contains(scheme)) {
      return Optional.of(
          "expected an http, https or file URL, got '"
              + url
              + "'"
              + (scheme == null ? " (no scheme)" : " (scheme " + scheme + " is not fetched here)"));
    }
    if (scheme.equals("file")) {
      if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
        return Optional.of(
            "a file URL names an absolute path (file:///dir/file), got '" + url + "'");
      }
      if (uri.getHost() != null && !uri.getHost().equals("localhost")) {
        return Optional.of(
            "a file URL names a file on this host (file:///dir/file), got '" + url + "'");
      }
    } else if (uri.getHost() == null) {
      return Optional.of("expected a host in the URL, got '" + url + "'");
    }
    return Optional.empty();
  }
}
