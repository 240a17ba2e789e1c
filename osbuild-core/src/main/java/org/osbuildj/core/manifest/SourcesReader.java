package org.osbuildj.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.osbuildj.core.source.Checksum;
import org.osbuildj.core.source.RemoteFile;
import org.osbuildj.core.source.Source;
import org.osbuildj.core.source.Sources;
import org.osbuildj.core.source.UrlSource;

/**
 * Reads the {@code "sources"} of a manifest into {@link Sources}, reporting each problem with its
 * JSON path, as osbuild's schemas of the source types allow and refuse. The entries of files
 * fetched from URLs ({@link #urlEntries}) have one shape in both formats, so a reader of format 2
 * ({@code org.osbuild.curl}, entries under {@code items}) can use it too.
 */
final class SourcesReader {
  /** Source types of osbuild's version 1 that are not fetched here, and what they held. */
  private static final Map<String, String> UNSUPPORTED_VERSION_1 =
      Map.of(
          "org.osbuild.ostree", "ostree commits",
          "org.osbuild.dnf", "packages resolved by dnf");

  private static final Set<String> ENTRY_KEYS = Set.of("url", "secrets");
  private static final Set<String> SECRETS_KEYS = Set.of("name");

  private final Consumer<Problem> problems;

  SourcesReader(Consumer<Problem> problems) {
    this.problems = problems;
  }

  /** The sources of a version-1 manifest: {@code {"org.osbuild.files": {"urls": {...}}}}. */
  Sources version1(JsonNode json, String path) {
    if (!json.isObject()) {
      problem(path, "expected an object of sources by type, got " + ManifestReader.describe(json));
      return Sources.none();
    }
    Map<String, Source> byType = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> source : json.properties()) {
      String type = source.getKey();
      String typePath = path + "." + type;
      if (type.equals(Sources.FILES)) {
        urlSource(source.getValue(), typePath, "urls").ifPresent(s -> byType.put(type, s));
      } else if (UNSUPPORTED_VERSION_1.containsKey(type)) {
        problem(
            typePath,
            "source type "
                + type
                + " ("
                + UNSUPPORTED_VERSION_1.get(type)
                + ") is not supported here: only "
                + Sources.FILES
                + " (files fetched from URLs) is");
      } else {
        problem(
            typePath,
            "unknown source type '"
                + type
                + "' (a version-1 manifest's files source is "
                + Sources.FILES
                + ")");
      }
    }
    return new Sources(byType);
  }

  /** {@code {"<entriesKey>": {"sha256:...": "url" | {"url": ..., "secrets": ...}}}}. */
  private Optional<UrlSource> urlSource(JsonNode json, String path, String entriesKey) {
    if (!json.isObject()) {
      problem(
          path,
          "expected {\""
              + entriesKey
              + "\": {\"sha256:...\": \"https://...\"}}, got "
              + ManifestReader.describe(json));
      return Optional.empty();
    }
    unknownKeys(json, path, Set.of(entriesKey), "this source has only " + entriesKey);
    JsonNode entries = json.get(entriesKey);
    // osbuild's schema does not require the entries: a source without them has no files.
    return entries == null
        ? Optional.of(UrlSource.of())
        : urlEntries(entries, path + "." + entriesKey).map(UrlSource::of);
  }

  /**
   * The files of a source that fetches them from URLs, by checksum: the checksum must be {@code
   * sha256:<64 hex digits>}; the value a URL, or an object with {@code url} and optionally {@code
   * secrets} ({@code {"name": "<provider>"}}). Empty when any entry is wrong.
   */
  Optional<List<RemoteFile>> urlEntries(JsonNode json, String path) {
    if (!json.isObject()) {
      problem(
          path,
          "expected an object of URLs by checksum ({\"sha256:...\": \"https://...\"}), got "
              + ManifestReader.describe(json));
      return Optional.empty();
    }
    List<RemoteFile> files = new ArrayList<>();
    boolean complete = true;
    for (Map.Entry<String, JsonNode> entry : json.properties()) {
      Optional<RemoteFile> file = entry(entry.getKey(), entry.getValue(), path);
      if (file.isPresent()) {
        files.add(file.get());
      } else {
        complete = false;
      }
    }
    return complete ? Optional.of(files) : Optional.empty();
  }

  private Optional<RemoteFile> entry(String checksumText, JsonNode value, String path) {
    String entryPath = path + "." + checksumText;
    Optional<String> badChecksum = Checksum.problem(checksumText);
    badChecksum.ifPresent(message -> problem(entryPath, message));
    String url;
    String urlPath;
    Optional<String> secrets = Optional.empty();
    boolean ok = badChecksum.isEmpty();
    if (value.isTextual()) {
      url = value.textValue();
      urlPath = entryPath;
    } else if (value.isObject()) {
      unknownKeys(value, entryPath, ENTRY_KEYS, "a file has only url and secrets");
      urlPath = entryPath + ".url";
      JsonNode urlJson = value.get("url");
      if (urlJson == null || !urlJson.isTextual()) {
        problem(
            urlPath,
            urlJson == null
                ? "missing: every file needs the URL it is fetched from"
                : "expected a URL, got " + ManifestReader.describe(urlJson));
        return Optional.empty();
      }
      url = urlJson.textValue();
      JsonNode secretsJson = value.get("secrets");
      if (secretsJson != null) {
        secrets = secrets(secretsJson, entryPath + ".secrets");
        ok &= secrets.isPresent();
      }
    } else {
      problem(
          entryPath,
          "expected a URL, or {\"url\": ..., \"secrets\": ...}, got "
              + ManifestReader.describe(value));
      return Optional.empty();
    }
    Optional<String> badUrl = RemoteFile.urlProblem(url);
    badUrl.ifPresent(message -> problem(urlPath, message));
    if (!ok || badUrl.isPresent()) {
      return Optional.empty();
    }
    return Optional.of(new RemoteFile(Checksum.parse(checksumText), URI.create(url), secrets));
  }

  /** {@code {"name": "<secrets provider>"}}: the provider's name. */
  private Optional<String> secrets(JsonNode json, String path) {
    if (!json.isObject()) {
      problem(
          path,
          "expected {\"name\": \"<secrets provider>\"}, got " + ManifestReader.describe(json));
      return Optional.empty();
    }
    unknownKeys(json, path, SECRETS_KEYS, "secrets have only the provider's name");
    JsonNode name = json.get("name");
    if (name == null || !name.isTextual()) {
      problem(
          path + ".name",
          name == null
              ? "missing: the secrets provider's name, such as org.osbuild.rhsm"
              : "expected the secrets provider's name, got " + ManifestReader.describe(name));
      return Optional.empty();
    }
    return Optional.of(name.textValue());
  }

  private void unknownKeys(JsonNode json, String path, Set<String> allowed, String hint) {
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        problem(path + "." + key, "unknown key (" + hint + ")");
      }
    }
  }

  private void problem(String path, String message) {
    problems.accept(new Problem(path, message));
  }
}
