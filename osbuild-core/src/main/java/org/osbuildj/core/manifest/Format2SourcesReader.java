package org.osbuildj.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.pipelines.PipelineSource;
import org.osbuildj.core.source.Checksum;

/**
 * Reads the {@code "sources"} of a format-2 manifest, each problem with its JSON path: {@code
 * org.osbuild.curl} (items by checksum, each a URL or {@code {"url": ..., "insecure": ...,
 * "secrets": {"name": ...}}}, with the checksums and URLs a version-1 manifest may have) and {@code
 * org.osbuild.inline} (items by checksum, each {@code {"encoding": "base64", "data": ...}}, the
 * data checked against its checksum). Other source types are refused.
 */
final class Format2SourcesReader {
  private static final Set<String> SOURCE_KEYS = Set.of("items", "options");
  private static final Set<String> CURL_ITEM_KEYS = Set.of("url", "insecure", "secrets");
  private static final Set<String> INLINE_ITEM_KEYS = Set.of("encoding", "data");
  private static final Set<String> ENCODINGS = Set.of("base64", "lzma+base64");

  private final Consumer<Problem> problems;

  Format2SourcesReader(Consumer<Problem> problems) {
    this.problems = problems;
  }

  List<PipelineSource> sources(JsonNode json, String path) {
    List<PipelineSource> sources = new ArrayList<>();
    if (!json.isObject()) {
      problem(path, "expected an object of sources by type, got " + ManifestReader.describe(json));
      return sources;
    }
    for (Map.Entry<String, JsonNode> source : json.properties()) {
      String type = source.getKey();
      String typePath = path + "." + type;
      if (!type.equals(PipelineSource.CURL) && !type.equals(PipelineSource.INLINE)) {
        problem(
            typePath,
            "source type '"
                + type
                + "' is not supported here: only "
                + PipelineSource.CURL
                + " (files fetched from URLs) and "
                + PipelineSource.INLINE
                + " (files held in the manifest) are");
        continue;
      }
      source(type, source.getValue(), typePath).ifPresent(sources::add);
    }
    return sources;
  }

  private Optional<PipelineSource> source(String type, JsonNode json, String path) {
    if (!json.isObject()) {
      problem(path, "expected {\"items\": {...}}, got " + ManifestReader.describe(json));
      return Optional.empty();
    }
    int before = count;
    unknownKeys(json, path, SOURCE_KEYS, "a source has items and options");
    PipelineSource.Builder builder = PipelineSource.builder(type);
    JsonNode options = json.get("options");
    if (options != null) {
      if (options.isObject()) builder.options((ObjectNode) options);
      else
        problem(path + ".options", "expected an object, got " + ManifestReader.describe(options));
    }
    JsonNode items = json.get("items");
    if (items == null) {
      problem(path + ".items", "missing: a source lists its items by checksum");
    } else if (!items.isObject()) {
      problem(
          path + ".items",
          "expected an object of items by checksum, got " + ManifestReader.describe(items));
    } else {
      for (Map.Entry<String, JsonNode> item : items.properties()) {
        String itemPath = path + ".items." + item.getKey();
        Optional<String> badChecksum = Checksum.problem(item.getKey());
        if (badChecksum.isPresent()) {
          problem(itemPath, badChecksum.get());
          continue;
        }
        if (type.equals(PipelineSource.CURL)) {
          curlItem(item.getValue(), itemPath);
        } else {
          inlineItem(item.getKey(), item.getValue(), itemPath);
        }
        builder.item(item.getKey(), item.getValue());
      }
    }
    return count == before ? Optional.of(builder.build()) : Optional.empty();
  }

  private void curlItem(JsonNode value, String path) {
    String url;
    String urlPath;
    if (value.isTextual()) {
      url = value.textValue();
      urlPath = path;
    } else if (value.isObject()) {
      unknownKeys(value, path, CURL_ITEM_KEYS, "a file has url, insecure and secrets");
      urlPath = path + ".url";
      JsonNode urlJson = value.get("url");
      if (urlJson == null || !urlJson.isTextual()) {
        problem(
            urlPath,
            urlJson == null
                ? "missing: every file needs the URL it is fetched from"
                : "expected a URL, got " + ManifestReader.describe(urlJson));
        return;
      }
      url = urlJson.textValue();
      JsonNode insecure = value.get("insecure");
      if (insecure != null && !insecure.isBoolean()) {
        problem(
            path + ".insecure", "expected true or false, got " + ManifestReader.describe(insecure));
      }
      JsonNode secrets = value.get("secrets");
      if (secrets != null) {
        if (!secrets.isObject()) {
          problem(
              path + ".secrets",
              "expected {\"name\": \"<secrets provider>\"}, got "
                  + ManifestReader.describe(secrets));
        } else {
          unknownKeys(
              secrets, path + ".secrets", Set.of("name"), "secrets have only the provider's name");
          if (!secrets.path("name").isTextual()) {
            problem(
                path + ".secrets.name",
                "expected the secrets provider's name, such as org.osbuild.rhsm");
          }
        }
      }
    } else {
      problem(
          path,
          "expected a URL, or {\"url\": ..., \"insecure\": ..., \"secrets\": ...}, got "
              + ManifestReader.describe(value));
      return;
    }
    urlProblem(url).ifPresent(message -> problem(urlPath, message));
  }

  private static final java.util.regex.Pattern URL =
      java.util.regex.Pattern.compile(
          "(?i)(https?)://([^/?#\\s]+)[^\\s]*|file://(localhost)?(/[^\\s]*)");

  /**
   * An http, https or file URL, checked as curl takes it: not through {@link java.net.URI}, which
   * refuses characters curl sends as they are (Fedora's package names hold a {@code ^}).
   */
  static Optional<String> urlProblem(String url) {
    if (url.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return Optional.of("a URL holds no control characters, got '" + url + "'");
    }
    if (URL.matcher(url).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "expected an http, https or file URL (http://host/..., file:///dir/file), got '"
            + url
            + "'");
  }

  private void inlineItem(String checksum, JsonNode value, String path) {
    if (!value.isObject()) {
      problem(
          path,
          "expected {\"encoding\": \"base64\", \"data\": \"...\"}, got "
              + ManifestReader.describe(value));
      return;
    }
    unknownKeys(value, path, INLINE_ITEM_KEYS, "an inline item has encoding and data");
    JsonNode encoding = value.get("encoding");
    if (encoding == null || !encoding.isTextual() || !ENCODINGS.contains(encoding.textValue())) {
      problem(
          path + ".encoding",
          (encoding == null ? "missing: " : "")
              + "expected base64 or lzma+base64"
              + (encoding == null ? "" : ", got " + ManifestReader.describe(encoding)));
      return;
    }
    JsonNode data = value.get("data");
    if (data == null || !data.isTextual()) {
      problem(
          path + ".data",
          data == null
              ? "missing: the item's bytes, encoded"
              : "expected the encoded bytes as a string, got " + ManifestReader.describe(data));
      return;
    }
    if (encoding.textValue().equals("base64")) {
      byte[] bytes;
      try {
        // Like Python's b64decode, characters outside the alphabet are skipped.
        bytes = Base64.getMimeDecoder().decode(data.textValue());
      } catch (IllegalArgumentException e) {
        problem(path + ".data", "not base64: " + e.getMessage());
        return;
      }
      String actual = "sha256:" + Sha256.hex(bytes);
      if (!actual.equals(checksum)) {
        problem(path + ".data", "the decoded data's checksum is " + actual + ", not the item's");
      }
    }
  }

  private int count;

  private void unknownKeys(JsonNode json, String path, Set<String> allowed, String hint) {
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        problem(path + "." + key, "unknown key (" + hint + ")");
      }
    }
  }

  private void problem(String path, String message) {
    count++;
    problems.accept(new Problem(path, message));
  }
}
