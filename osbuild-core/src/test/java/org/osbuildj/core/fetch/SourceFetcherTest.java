package org.osbuildj.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.source.RemoteFile;
import org.osbuildj.core.source.Sources;
import org.osbuildj.core.store.SourceStore;
import org.osbuildj.core.testing.TempDirectoryStore;

/**
 * Fetching sources into the store, from file URLs and from an HTTP server in this JVM on 127.0.0.1:
 * verified by checksum, skipped when stored, with errors that name what failed.
 */
class SourceFetcherTest {
  private static final String HELLO = "hello\n";
  private static final String HELLO_SHA = "sha256:" + Sha256.hex(HELLO);

  @TempDir Path dir;
  TempDirectoryStore store;
  SourceStore sources;
  List<BuildEvent> events;
  SourceFetcher fetcher;
  HttpServer server;
  final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    // File sources must be readable by every user; JUnit makes its directory 0700.
    Files.setPosixFilePermissions(
        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    store = new TempDirectoryStore(dir.resolve("store"));
    sources = store.sourceStore().orElseThrow();
    events = new ArrayList<>();
    fetcher = new SourceFetcher(sources, events::add, Duration.ofMillis(10));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hello.txt", exchange -> respond(exchange, 200, HELLO));
    server.createContext(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/hello.txt");
          respond(exchange, 302, "");
        });
    server.createContext("/missing", exchange -> respond(exchange, 404, "no such file\n"));
    server.createContext("/wrong", exchange -> respond(exchange, 200, "not what was promised\n"));
    AtomicInteger busy = new AtomicInteger();
    server.createContext(
        "/busy-once",
        exchange -> {
          if (busy.getAndIncrement() == 0) respond(exchange, 503, "busy\n");
          else respond(exchange, 200, HELLO);
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void respond(HttpExchange exchange, int status, String body) throws IOException {
    requests
        .computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger())
        .incrementAndGet();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private int requestsTo(String path) {
    return requests.getOrDefault(path, new AtomicInteger()).get();
  }

  private SourceFetchException failure(Sources sources) {
    return catchThrowableOfType(SourceFetchException.class, () -> fetcher.fetch(sources));
  }

  @Test
  void aFileUrlIsCopiedIntoTheStoreVerified() throws Exception {
    Path file = Files.writeString(dir.resolve("hello.txt"), HELLO);

    fetcher.fetch(Sources.files(RemoteFile.of(HELLO_SHA, file.toUri().toString())));

    assertThat(store.sourceIds()).containsExactly(Sha256.hex(HELLO));
    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            BuildEvent.SourceFetched.class,
            e -> {
              assertThat(e.source()).isEqualTo("org.osbuild.files");
              assertThat(e.checksum()).isEqualTo(HELLO_SHA);
              assertThat(e.bytes()).isEqualTo(6);
              assertThat(e.cached()).isFalse();
            });
  }

  @Test
  void anHttpUrlIsFetchedFollowingRedirects() throws Exception {
    fetcher.fetch(Sources.files(RemoteFile.of(HELLO_SHA, url("/moved"))));

    assertThat(sources.has(Sha256.hex(HELLO))).isTrue();
    assertThat(requestsTo("/moved")).isOne();
    assertThat(requestsTo("/hello.txt")).isOne();
  }

  @Test
  void aSecondFetchWithTheServerStoppedTakesTheFileFromTheStore() throws Exception {
    Sources hello = Sources.files(RemoteFile.of(HELLO_SHA, url("/hello.txt")));
    fetcher.fetch(hello);
    server.stop(0);
    events.clear();

    fetcher.fetch(hello);

    assertThat(requestsTo("/hello.txt")).isOne();
    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            BuildEvent.SourceFetched.class, e -> assertThat(e.cached()).isTrue());
  }

  @Test
  void aChecksumMismatchNamesBothChecksumsAndStoresNothing() throws Exception {
    String wrong = "sha256:" + Sha256.hex("not what was promised\n");

    SourceFetchException e = failure(Sources.files(RemoteFile.of(HELLO_SHA, url("/wrong"))));

    assertThat(e)
        .hasMessage(
            "cannot fetch source "
                + HELLO_SHA
                + " from "
                + url("/wrong")
                + ": its content has checksum "
                + wrong
                + ", expected "
                + HELLO_SHA
                + "; it was not stored");
    assertThat(store.sourceIds()).isEmpty();
    assertThat(requestsTo("/wrong")).as("a mismatch is not tried again").isOne();
  }

  @Test
  void anHttpErrorNamesTheUrlAndTheStatusAndIsNotTriedAgain() throws Exception {
    SourceFetchException e = failure(Sources.files(RemoteFile.of(HELLO_SHA, url("/missing"))));

    assertThat(e)
        .hasMessage(
            "cannot fetch source " + HELLO_SHA + " from " + url("/missing") + ": HTTP status 404");
    assertThat(e.url()).isEqualTo(url("/missing"));
    assertThat(requestsTo("/missing")).isOne();
  }

  @Test
  void aBusyServerIsTriedAgain() throws Exception {
    fetcher.fetch(Sources.files(RemoteFile.of(HELLO_SHA, url("/busy-once"))));

    assertThat(requestsTo("/busy-once")).isEqualTo(2);
    assertThat(store.sourceIds()).containsExactly(Sha256.hex(HELLO));
  }

  @Test
  void anUnreachableServerNamesTheUrlAndTheError() throws Exception {
    String url = url("/hello.txt");
    server.stop(0);

    SourceFetchException e = failure(Sources.files(RemoteFile.of(HELLO_SHA, url)));

    assertThat(e.getMessage())
        .startsWith("cannot fetch source " + HELLO_SHA + " from " + url + ": ConnectException");
    assertThat(store.sourceIds()).isEmpty();
  }

  @Test
  void aFileSourceOnlyRootMayReadOrThatIsNoRegularFileIsRefused() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), HELLO);
    Files.setPosixFilePermissions(
        secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

    for (String url : List.of(secret.toUri().toString(), "file:///dev/zero")) {
      assertThatThrownBy(() -> fetcher.fetch(Sources.files(RemoteFile.of(HELLO_SHA, url))))
          .isInstanceOf(SourceFetchException.class)
          .hasMessageContaining("not a regular file that every user of this host may read");
    }
    assertThat(store.sourceIds()).isEmpty();
  }

  @Test
  void aMissingFileNamesItsPath() throws Exception {
    Path missing = dir.resolve("missing.txt");

    SourceFetchException e =
        failure(Sources.files(RemoteFile.of(HELLO_SHA, missing.toUri().toString())));

    assertThat(e).hasMessageEndingWith(": no such file " + missing);
  }

  @Test
  void aFailureLeavesInTheStoreWhatWasFetchedCorrectlyBeforeIt() throws Exception {
    // Files are fetched in checksum order: sha256 5891... (hello) before 7e4f... (other).
    String other = "sha256:" + Sha256.hex("other\n");
    assertThat(HELLO_SHA).isLessThan(other);
    Sources sources =
        Sources.files(
            RemoteFile.of(other, url("/missing")), RemoteFile.of(HELLO_SHA, url("/hello.txt")));

    SourceFetchException e = failure(sources);

    assertThat(e.checksum()).isEqualTo(other);
    assertThat(store.sourceIds()).containsExactly(Sha256.hex(HELLO));
  }
}
