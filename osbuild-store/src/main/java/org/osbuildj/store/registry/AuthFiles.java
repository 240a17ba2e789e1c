package org.osbuildj.store.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osbuildj.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry credentials where the container tools keep them, looked at in podman's order: {@code
 * $REGISTRY_AUTH_FILE}, then {@code $XDG_RUNTIME_DIR/containers/auth.json}, then {@code
 * ~/.docker/config.json}. Each is {@code {"auths": {"HOST[:PORT]": {"auth":
 * base64("user:pass")}}}}; a key may also be a URL ({@code https://HOST/v1/}). Credential helpers
 * ({@code credHelpers}, {@code credsStore}) are not run.
 */
public final class AuthFiles {
  private static final Logger LOG = LoggerFactory.getLogger(AuthFiles.class);

  private final List<Path> files;

  public AuthFiles(List<Path> files) {
    this.files = List.copyOf(files);
  }

  /** The files of this environment, in the order they are asked. */
  public static AuthFiles fromEnvironment(Map<String, String> env, Path home) {
    List<Path> files = new ArrayList<>();
    String explicit = env.get("REGISTRY_AUTH_FILE");
    if (explicit != null && !explicit.isBlank()) files.add(Path.of(explicit));
    String runtime = env.get("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank()) {
      files.add(Path.of(runtime, "containers", "auth.json"));
    }
    files.add(home.resolve(".docker").resolve("config.json"));
    return new AuthFiles(files);
  }

  public static AuthFiles fromEnvironment() {
    return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  public List<Path> files() {
    return files;
  }

  /** The first credentials any file holds for {@code registry} ({@code HOST[:PORT]}). */
  public Optional<Credentials> find(String registry) {
    for (Path file : files) {
      try {
        Optional<Credentials> found = read(file, registry);
        if (found.isPresent()) return found;
      } catch (NoSuchFileException e) {
        // not there: the next one
      } catch (IOException | RuntimeException e) {
        LOG.warn("remote store: cannot read the auth file {}: {}", file, e.getMessage());
      }
    }
    return Optional.empty();
  }

  static Optional<Credentials> read(Path file, String registry) throws IOException {
    JsonNode auths = Json.mapper().readTree(Files.readAllBytes(file)).path("auths");
    if (!auths.isObject()) return Optional.empty();
    for (var it = auths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!hostOf(entry.getKey()).equals(registry)) continue;
      String auth = entry.getValue().path("auth").asText("");
      if (auth.isEmpty()) continue;
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IOException("the \"auth\" of " + entry.getKey() + " is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw new IOException(
            "the \"auth\" of " + entry.getKey() + " is not base64 of user:password");
      }
      return Optional.of(
          new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
    return Optional.empty();
  }

  /** {@code https://host:5000/v1/} and {@code host:5000} both name {@code host:5000}. */
  static String hostOf(String key) {
    String k = key;
    int scheme = k.indexOf("://");
    if (scheme >= 0) k = k.substring(scheme + 3);
    int slash = k.indexOf('/');
    return slash >= 0 ? k.substring(0, slash) : k;
  }

  /** A user name and password (or token) for basic authentication and token requests. */
  public record Credentials(String user, String password) {
    public String basicHeader() {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "Credentials[user=" + user + "]";
    }
  }
}
