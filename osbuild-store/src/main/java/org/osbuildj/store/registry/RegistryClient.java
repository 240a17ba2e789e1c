package org.osbuildj.store.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.osbuildj.core.json.Json;

/**
 * The few calls of the OCI Distribution API a remote store needs, over {@code java.net.http}:
 * manifests by tag (HEAD, GET, PUT), blobs (HEAD, GET verified against their digest and size, and a
 * monolithic upload: POST then PUT), and the tag list. Authentication follows the registry's {@code
 * WWW-Authenticate} challenge: basic, or a bearer token fetched from the realm it names (with the
 * credentials, when there are any); TLS uses the JVM's trust store or a given CA; plain HTTP only
 * when asked.
 *
 * <p>No library of Maven Central fitted: jib-core's registry client is not public API, and the ORAS
 * Java SDK (0.x) brings Jackson 3, Bouncy Castle, zstd-jni and more for these eight requests.
 */
public final class RegistryClient {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final RegistryAddress address;
  private final URI base;
  private final HttpClient http;
  private final Optional<AuthFiles.Credentials> credentials;
  private final Duration timeout;
  private volatile String authorization;

  /**
   * Blobs this client has seen the registry hold, or uploaded: each stage's push names every layer
   * below it, and a registry with htpasswd verifies a bcrypt hash on every request (about 0.25 s at
   * cost 12), so asking again for each of them cost a build seconds. Registries do not drop blobs a
   * manifest may still name while a build runs.
   */
  private final Set<String> blobsHeld = ConcurrentHashMap.newKeySet();

  /** How to reach a registry. */
  public record Options(boolean plainHttp, Optional<Path> caCertificate, Duration timeout) {
    public static Options defaults() {
      return new Options(false, Optional.empty(), Duration.ofSeconds(30));
    }
  }

  public RegistryClient(
      RegistryAddress address, Options options, Optional<AuthFiles.Credentials> credentials)
      throws IOException {
    this.address = address;
    this.base = URI.create((options.plainHttp() ? "http://" : "https://") + address.registry());
    this.credentials = credentials;
    this.timeout = options.timeout();
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(options.timeout())
            .followRedirects(HttpClient.Redirect.NORMAL);
    if (options.caCertificate().isPresent()) {
      builder.sslContext(sslContext(options.caCertificate().get()));
    }
    this.http = builder.build();
  }

  public RegistryAddress address() {
    return address;
  }

  /** Whether a manifest is tagged {@code tag}. */
  public boolean hasManifest(String tag) throws IOException {
    HttpResponse<Void> r =
        send(
            request("/manifests/" + tag)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", OCI_MANIFEST),
            HttpResponse.BodyHandlers.discarding(),
            "pull");
    return exists(r, "manifest " + tag);
  }

  /** The manifest tagged {@code tag}, if there is one. */
  public Optional<byte[]> manifest(String tag) throws IOException {
    HttpResponse<byte[]> r =
        send(
            request("/manifests/" + tag).GET().header("Accept", OCI_MANIFEST),
            HttpResponse.BodyHandlers.ofByteArray(),
            "pull");
    if (!exists(r, "manifest " + tag)) return Optional.empty();
    if (r.body().length > 4 << 20) {
      throw new RegistryException("the manifest " + tag + " is larger than 4 MiB", 200, false);
    }
    return Optional.of(r.body());
  }

  public void putManifest(String tag, byte[] manifest) throws IOException {
    HttpResponse<String> r =
        send(
            request("/manifests/" + tag)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                .header("Content-Type", OCI_MANIFEST),
            HttpResponse.BodyHandlers.ofString(),
            "pull,push");
    expect(r, 201, "storing the manifest " + tag);
  }

  public boolean hasBlob(String digest) throws IOException {
    if (blobsHeld.contains(digest)) return true;
    HttpResponse<Void> r =
        send(
            request("/blobs/" + digest).method("HEAD", HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.discarding(),
            "pull");
    boolean held = exists(r, "blob " + digest);
    if (held) blobsHeld.add(digest);
    return held;
  }

  /** Uploads a file as the blob {@code digest} (monolithic: one POST, one PUT). */
  public void pushBlob(Path file, String digest) throws IOException {
    HttpResponse<String> started =
        send(
            request("/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.ofString(),
            "pull,push");
    expect(started, 202, "starting the upload of " + digest);
    String location =
        started
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () -> new RegistryException("the registry gave no upload location", 202, false));
    URI upload = base.resolve(location);
    String query = "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8);
    URI put = URI.create(upload + (upload.getRawQuery() == null ? "?" : "&") + query);
    HttpResponse<String> done =
        send(
            HttpRequest.newBuilder(put)
                .timeout(transferTimeout(Files.size(file)))
                .PUT(HttpRequest.BodyPublishers.ofFile(file))
                .header("Content-Type", "application/octet-stream"),
            HttpResponse.BodyHandlers.ofString(),
            "pull,push");
    expect(done, 201, "uploading " + digest);
    blobsHeld.add(digest);
  }

  /**
   * Downloads the blob {@code digest} of {@code size} bytes into {@code target}, refusing what does
   * not have that size and digest (the file is then deleted). A transfer that stalls for the
   * timeout is stopped.
   */
  public void pullBlob(String digest, long size, Path target) throws IOException {
    HttpResponse<InputStream> r =
        send(request("/blobs/" + digest).GET(), HttpResponse.BodyHandlers.ofInputStream(), "pull");
    if (r.statusCode() == 404) {
      r.body().close();
      throw new RegistryException(
          "the registry has no blob " + digest + " although a manifest names it", 404, false);
    }
    if (r.statusCode() != 200) {
      String error;
      try (InputStream in = r.body()) {
        error = text(in.readNBytes(4096));
      } catch (IOException e) {
        error = "";
      }
      throw failure(r.statusCode(), "fetching " + digest, error);
    }
    MessageDigest sha = sha256();
    long got = 0;
    AtomicLong progress = new AtomicLong();
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(daemon());
    try (InputStream in = r.body();
        OutputStream out = Files.newOutputStream(target)) {
      long[] last = {-1};
      ScheduledFuture<?> check =
          watchdog.scheduleAtFixedRate(
              () -> {
                long now = progress.get();
                if (now == last[0]) closeQuietly(in);
                last[0] = now;
              },
              timeout.toMillis(),
              timeout.toMillis(),
              TimeUnit.MILLISECONDS);
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        got += n;
        progress.set(got);
        if (got > size) break;
        sha.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
      check.cancel(false);
    } catch (IOException e) {
      Files.deleteIfExists(target);
      throw new RegistryException(
          "fetching "
              + digest
              + " failed after "
              + got
              + " of "
              + size
              + " bytes: "
              + e.getMessage(),
          200,
          true,
          e);
    } finally {
      watchdog.shutdownNow();
    }
    String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
    if (got != size || !actual.equals(digest)) {
      Files.deleteIfExists(target);
      throw new RegistryException(
          "the blob "
              + digest
              + " the registry sent is not it: "
              + (got != size
                  ? got + (got > size ? "+" : "") + " bytes, expected " + size
                  : "its digest is " + actual)
              + "; refused",
          200,
          false);
    }
  }

  /** Every tag of the repository (following the registry's pages). */
  public List<String> tags() throws IOException {
    List<String> tags = new ArrayList<>();
    String path = "/tags/list?n=1000";
    while (path != null) {
      HttpResponse<byte[]> r =
          send(request(path).GET(), HttpResponse.BodyHandlers.ofByteArray(), "pull");
      if (r.statusCode() == 404) return tags;
      expect(r, 200, "listing the tags");
      JsonNode list = Json.mapper().readTree(r.body()).path("tags");
      for (JsonNode t : list) tags.add(t.asText());
      path = nextPage(r.headers().firstValue("Link").orElse(null));
    }
    return tags;
  }

  private String nextPage(String link) {
    if (link == null) return null;
    Matcher m = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?").matcher(link);
    if (!m.find()) return null;
    String prefix = "/v2/" + address.repository();
    String next = URI.create(m.group(1)).getRawPath();
    String query = URI.create(m.group(1)).getRawQuery();
    return next.startsWith(prefix)
        ? next.substring(prefix.length()) + (query == null ? "" : "?" + query)
        : null;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve("/v2/" + address.repository() + path))
        .timeout(timeout);
  }

  private Duration transferTimeout(long bytes) {
    // At least 1 MB/s after the usual timeout: an upload's answer comes once it is all sent.
    return timeout.plusSeconds(bytes / 1_000_000);
  }

  /** Sends, answering one authentication challenge. */
  private <T> HttpResponse<T> send(
      HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler, String actions)
      throws IOException {
    String auth = authorization;
    if (auth != null) request.setHeader("Authorization", auth);
    HttpResponse<T> response = exchange(request.build(), handler);
    if (response.statusCode() == 403) {
      // Forbidden outright (a registry's policy, a read-only user or repository).
      discard(response);
      throw refused(response, actions);
    }
    if (response.statusCode() != 401) return response;
    discard(response);
    String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
    authorization = authorize(challenge, actions);
    request.setHeader("Authorization", authorization);
    response = exchange(request.build(), handler);
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      discard(response);
      throw refused(response, actions);
    }
    return response;
  }

  /**
   * A second 401 or 403, after authenticating. Distribution answers 401 with {@code
   * error="insufficient_scope"} when a token does not grant the actions (a token server grants only
   * what the user may do), others 403: the user is known and may not do this, which {@link
   * RegistryAccessDeniedException} says. Otherwise the credentials are refused.
   */
  private RegistryException refused(HttpResponse<?> response, String actions) {
    int status = response.statusCode();
    String error =
        challengeParameters(response.headers().firstValue("WWW-Authenticate").orElse(""))
            .getOrDefault("error", "");
    String who =
        credentials.isPresent() ? "user " + credentials.get().user() : "us without credentials";
    if (status == 403 || error.equals("insufficient_scope")) {
      String action = actions.contains("push") ? "push" : "pull";
      return new RegistryAccessDeniedException(
          address.registry()
              + " denied "
              + who
              + " "
              + action
              + " access to "
              + address.repository()
              + " (HTTP "
              + status
              + (error.isEmpty() ? "" : ", " + error)
              + ")",
          status,
          action.equals("pull"));
    }
    return new RegistryException(
        address.registry()
            + " refuses "
            + (credentials.isPresent() ? "the credentials of " + who : who)
            + " (HTTP "
            + status
            + (error.isEmpty() ? "" : ", " + error)
            + ")",
        status,
        true);
  }

  private String authorize(String challenge, String actions) throws IOException {
    String scheme = challenge.split(" ", 2)[0];
    if (scheme.equalsIgnoreCase("Basic")) {
      return credentials
          .map(AuthFiles.Credentials::basicHeader)
          .orElseThrow(
              () ->
                  new RegistryException(
                      address.registry()
                          + " wants a user and password, and no auth file has any for it",
                      401,
                      true));
    }
    if (!scheme.equalsIgnoreCase("Bearer")) {
      throw new RegistryException(
          address.registry() + " asks for authentication of an unknown kind: " + scheme, 401, true);
    }
    Map<String, String> params = challengeParameters(challenge);
    String realm = params.get("realm");
    if (realm == null) {
      throw new RegistryException(
          address.registry() + "'s bearer challenge names no realm", 401, true);
    }
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
    if (params.containsKey("service")) {
      url.append("service=")
          .append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8))
          .append('&');
    }
    String scope =
        params.getOrDefault("scope", "repository:" + address.repository() + ":" + actions);
    url.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    HttpRequest.Builder token =
        HttpRequest.newBuilder(URI.create(url.toString())).timeout(timeout).GET();
    credentials.ifPresent(c -> token.header("Authorization", c.basicHeader()));
    HttpResponse<byte[]> r = exchange(token.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() == 403 && scope.contains("push") && credentials.isPresent()) {
      // Token services that refuse a scope rather than grant less: the user may not push.
      throw new RegistryAccessDeniedException(
          "the token service of "
              + address.registry()
              + " denied user "
              + credentials.get().user()
              + " push access to "
              + address.repository()
              + " (HTTP 403)",
          403,
          false);
    }
    if (r.statusCode() != 200) {
      throw new RegistryException(
          "the token service of "
              + address.registry()
              + " refused a token (HTTP "
              + r.statusCode()
              + ")",
          r.statusCode(),
          true);
    }
    JsonNode body = Json.mapper().readTree(r.body());
    String value = body.path("token").asText(body.path("access_token").asText(""));
    if (value.isEmpty()) {
      throw new RegistryException(
          "the token service of " + address.registry() + " sent no token", 200, true);
    }
    return "Bearer " + value;
  }

  /** {@code Bearer realm="https://auth",service="registry",scope="repository:x:pull"}. */
  static Map<String, String> challengeParameters(String challenge) {
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = CHALLENGE_PARAM.matcher(challenge);
    while (m.find()) params.put(m.group(1), m.group(2));
    return params;
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return http.send(request, handler);
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw new RegistryException(
          "cannot reach " + address.registry() + ": " + describe(e), 0, true, e);
    } catch (HttpTimeoutException e) {
      throw new RegistryException(
          address.registry() + " did not answer within " + timeout.toSeconds() + " s", 0, true, e);
    } catch (SSLException e) {
      throw new RegistryException(
          "TLS with " + address.registry() + " failed: " + describe(e), 0, true, e);
    } catch (IOException e) {
      throw new RegistryException(
          "talking to " + address.registry() + " failed: " + describe(e), 0, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while talking to " + address.registry(), 0, true, e);
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    Throwable cause = e.getCause();
    if ((m == null || m.isBlank()) && cause != null) return describe(cause);
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private boolean exists(HttpResponse<?> r, String what) throws RegistryException {
    if (r.statusCode() == 200) return true;
    if (r.statusCode() == 404) return false;
    throw failure(r.statusCode(), "looking for the " + what, text(r.body()));
  }

  private void expect(HttpResponse<?> r, int status, String what) throws RegistryException {
    if (r.statusCode() != status && !(status == 201 && r.statusCode() == 200)) {
      throw failure(r.statusCode(), what, text(r.body()));
    }
  }

  /** A body as text, to quote the registry's error (which a byte[] body has too). */
  private static String text(Object body) {
    if (body instanceof String s) return s;
    if (body instanceof byte[] b) {
      return new String(b, 0, Math.min(b.length, 4096), StandardCharsets.UTF_8);
    }
    return "";
  }

  private RegistryException failure(int status, String what, String body) {
    String detail = body == null ? "" : body.strip().replaceAll("[^ -~]", "?");
    if (detail.length() > 300) detail = detail.substring(0, 300) + "...";
    return new RegistryException(
        address.registry()
            + " answered HTTP "
            + status
            + " to "
            + what
            + (detail.isEmpty() ? "" : ": " + detail),
        status,
        status >= 500 || status == 401 || status == 403 || status == 429);
  }

  private static void discard(HttpResponse<?> r) {
    if (r.body() instanceof InputStream in) closeQuietly(in);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "registry-watchdog");
      t.setDaemon(true);
      return t;
    };
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SSLContext sslContext(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
      if (i == 0) throw new IOException("no certificate in " + caFile);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot use the CA certificate " + caFile + ": " + e.getMessage(), e);
    }
  }
}
