package org.osbuildj.examples.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real registry for the tests and the benchmark: Debian's {@code docker-registry} (CNCF
 * Distribution), started with a configuration of its own in a temporary directory (filesystem
 * storage, htpasswd authentication with a bcrypt password, TLS with a CA and server certificate
 * made here by openssl) on a free port of 127.0.0.1, and stopped by {@link #close()}. The package's
 * own service is not used.
 *
 * <p>{@link #startWithTokenAuth} starts it with bearer-token authentication instead: the registry
 * sends clients to a token server's realm, and trusts the tokens signed with the key of {@link
 * #tokenKey()} (whose certificate, {@link #tokenCertificate()}, is its {@code rootcertbundle}), of
 * the issuer {@link #TOKEN_ISSUER} for the service {@link #TOKEN_SERVICE}.
 */
public final class LocalRegistry implements AutoCloseable {
  public static final String USER = "builder";
  public static final String PASSWORD = "s3cret-pass";
  public static final String TOKEN_SERVICE = "osbuild-java-test-registry";
  public static final String TOKEN_ISSUER = "osbuild-java-test-tokens";

  private final Path dir;
  private final int port;
  private final String tokenRealm;
  private Process process;

  private LocalRegistry(Path dir, int port, String tokenRealm) {
    this.dir = dir;
    this.port = port;
    this.tokenRealm = tokenRealm;
  }

  public static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/docker-registry"))
        && Files.isExecutable(Path.of("/usr/bin/openssl"))
        && Files.isExecutable(Path.of("/usr/bin/python3"));
  }

  /** Makes the certificates, password file and configuration in {@code dir}, and starts. */
  public static LocalRegistry start(Path dir) throws Exception {
    Files.createDirectories(dir);
    LocalRegistry registry = new LocalRegistry(dir, freePort(), null);
    registry.makeCertificates();
    registry.makePasswordFile();
    registry.writeConfig();
    registry.startProcess();
    return registry;
  }

  /**
   * Like {@link #start}, with bearer-token authentication: clients get their tokens from {@code
   * realm} (a token server of the caller's, which signs them with {@link #tokenKey()}).
   */
  public static LocalRegistry startWithTokenAuth(Path dir, String realm) throws Exception {
    Files.createDirectories(dir);
    LocalRegistry registry = new LocalRegistry(dir, freePort(), realm);
    registry.makeCertificates();
    registry.makeTokenKey();
    registry.writeConfig();
    registry.startProcess();
    return registry;
  }

  /** The PKCS#8 PEM private key (EC P-256) tokens must be signed with. */
  public Path tokenKey() {
    return dir.resolve("token.key");
  }

  /** The self-signed certificate of {@link #tokenKey()}: the registry's {@code rootcertbundle}. */
  public Path tokenCertificate() {
    return dir.resolve("token.crt");
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  public String address(String repository) {
    return "oci://127.0.0.1:" + port + "/" + repository;
  }

  public Path caCertificate() {
    return dir.resolve("ca.crt");
  }

  /** What the registry said (its level is warn). */
  public Path log() {
    return dir.resolve("registry.log");
  }

  /** Where the registry keeps its blobs: {@code .../blobs/sha256/XX/HEX/data}. */
  public Path blobFile(String digest) {
    String hex = digest.substring("sha256:".length());
    return dir.resolve("data/docker/registry/v2/blobs/sha256")
        .resolve(hex.substring(0, 2))
        .resolve(hex)
        .resolve("data");
  }

  /** An auth file as podman writes it, with these credentials for this registry. */
  public Path authFile(String name, String user, String password) throws IOException {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return Files.writeString(
        dir.resolve(name),
        "{\"auths\": {\"127.0.0.1:" + port + "\": {\"auth\": \"" + auth + "\"}}}\n");
  }

  private void makeCertificates() throws Exception {
    Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    selfSigned("ca", "/CN=osbuild-java test CA");
    run(
        "openssl",
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost");
    run(
        "openssl",
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "2",
        "-extfile",
        "server.ext");
  }

  private void makeTokenKey() throws Exception {
    selfSigned("token", "/CN=osbuild-java test token issuer");
  }

  /** {@code NAME.key}, a P-256 key, and {@code NAME.crt}, its certificate, valid for two days. */
  private void selfSigned(String name, String subject) throws Exception {
    run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".crt",
        "-days",
        "2",
        "-subj",
        subject);
  }

  /**
   * bcrypt through libxcrypt, from python3's crypt module: no apache2-utils needed. Cost 5, as
   * {@code htpasswd -B} makes it by default (what Distribution's documentation uses): the registry
   * verifies the hash on every request, and python's default cost, 12, made each take 0.25 s.
   */
  private void makePasswordFile() throws Exception {
    run(
        "python3",
        "-W",
        "ignore",
        "-c",
        "import crypt,sys; open('htpasswd','w').write(sys.argv[1] + ':' + crypt.crypt(sys.argv[2],"
            + " crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=32)) + '\\n')",
        USER,
        PASSWORD);
  }

  private void writeConfig() throws IOException {
    Files.writeString(
        dir.resolve("config.yml"),
        String.join(
            "\n",
            "version: 0.1",
            "log:",
            "  level: warn",
            "storage:",
            "  filesystem:",
            "    rootdirectory: " + dir.resolve("data"),
            "http:",
            "  addr: 127.0.0.1:" + port,
            "  tls:",
            "    certificate: " + dir.resolve("server.crt"),
            "    key: " + dir.resolve("server.key"),
            "auth:",
            tokenRealm == null
                ? String.join(
                    "\n",
                    "  htpasswd:",
                    "    realm: osbuild-java-test",
                    "    path: " + dir.resolve("htpasswd"))
                : String.join(
                    "\n",
                    "  token:",
                    "    realm: " + tokenRealm,
                    "    service: " + TOKEN_SERVICE,
                    "    issuer: " + TOKEN_ISSUER,
                    "    rootcertbundle: " + tokenCertificate()),
            ""));
  }

  private void startProcess() throws Exception {
    process =
        new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    close();
    throw new IllegalStateException(
        "docker-registry did not listen on port " + port + " within 30 s");
  }

  private void run(String... command) throws Exception {
    Process p =
        new ProcessBuilder(List.of(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("setup.log").toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", command) + " failed: " + Files.readString(dir.resolve("setup.log")));
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process == null) return;
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(15, TimeUnit.SECONDS);
    }
  }
}
