package org.osbuildj.core.rpm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.json.Sha256;

/**
 * Keeps the repositories' GPG keys with the packages: dnf fetches an {@code http(s)} {@code gpgkey}
 * on every run, into each new tree's rpm database, so a rebuild with every package kept would still
 * need the network for the keys. Each such key is fetched once (as dnf would, from the step's own
 * network), kept in the {@code rpm-packages} cache under the SHA-256 of its URL, and given to dnf
 * as a {@code file://} path in the cache; a key that cannot be fetched again is taken from there.
 * {@code file://} keys name the build root's files and are left to dnf.
 */
final class GpgKeyCache {
  private static final int MAX_KEY_BYTES = 1 << 20;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(30))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  private final Sandbox sandbox;
  private final String directory;
  private final Consumer<String> log;

  GpgKeyCache(Sandbox sandbox, String cacheInRoot, Consumer<String> log) {
    this.sandbox = sandbox;
    this.directory = cacheInRoot + "/gpgkeys";
    this.log = log;
  }

  /** The repositories with every http(s) {@code gpgkey} replaced by its kept copy. */
  JsonNode keep(JsonNode repos, boolean refresh) throws IOException, InterruptedException {
    ObjectNode rewritten = repos.deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = rewritten.fields(); it.hasNext(); ) {
      ObjectNode repo = (ObjectNode) it.next().getValue();
      JsonNode keys = repo.get("gpgkey");
      if (keys == null) continue;
      List<String> urls = new ArrayList<>();
      if (keys.isArray()) keys.forEach(k -> urls.add(k.asText()));
      else urls.addAll(List.of(keys.asText().trim().split("\\s+")));
      List<String> kept = new ArrayList<>();
      for (String url : urls) kept.add(keep(url, refresh));
      repo.put("gpgkey", String.join(" ", kept));
    }
    return rewritten;
  }

  private String keep(String url, boolean refresh) throws IOException, InterruptedException {
    String scheme =
        url.contains(":") ? url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT) : "";
    // $releasever and $basearch are dnf's to fill in: such a URL is left to it.
    if (!(scheme.equals("http") || scheme.equals("https")) || url.contains("$")) {
      return url;
    }
    String file = directory + "/" + Sha256.hex(url) + ".asc";
    boolean have = sandbox.exec(Command.of("test", "-s", file)).succeeded();
    if (!have || refresh) {
      try {
        byte[] key = fetch(url);
        sandbox
            .exec(
                Command.of(
                        "/bin/sh", "-c", "mkdir -p \"$1\" && cat > \"$2\"", "sh", directory, file)
                    .withStdin(new String(key, StandardCharsets.UTF_8)))
            .orThrow();
        log.accept("gpg key " + url + " kept in the store");
      } catch (IOException e) {
        if (!have) {
          // dnf tries it itself and says why it failed, at this step.
          return url;
        }
        log.accept(
            "gpg key "
                + url
                + " could not be fetched ("
                + e.getMessage()
                + "); using the kept one");
      }
    }
    return "file://" + file;
  }

  private static byte[] fetch(String url) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("User-Agent", "osbuild-java")
            .GET()
            .build();
    HttpResponse<InputStream> response =
        HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      byte[] key = body.readNBytes(MAX_KEY_BYTES + 1);
      if (key.length > MAX_KEY_BYTES) {
        throw new IOException("larger than " + MAX_KEY_BYTES + " bytes: not a key");
      }
      return key;
    }
  }
}
