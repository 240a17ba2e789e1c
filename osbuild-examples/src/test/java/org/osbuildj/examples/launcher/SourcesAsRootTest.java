package org.osbuildj.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.osbuildj.examples.assertions.OsbuildAssertions.assertThatTar;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.examples.boot.HostMounts;
import org.osbuildj.isolation.linux.NamespaceIsolation;

/**
 * A manifest of osbuild's later version-1 form, built by the launcher as root: its source is
 * fetched from an HTTP server in this JVM, and an external stage reads it at the path osbuild's
 * stages did, {@code <"sources" argument>/org.osbuild.files/sha256:<hex>}, read-only; a second
 * build with the server stopped takes the file from the store.
 */
@Tag("root")
class SourcesAsRootTest {
  private static final String CONTENT = "hello from a source\n";
  private static final String CHECKSUM = "sha256:" + Sha256.hex(CONTENT);

  @TempDir Path dir;
  HostMounts before;
  HttpServer server;
  String url;
  final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    assumeThat(TreeFixtures.runningAsRoot()).as("these tests run the launcher as root").isTrue();
    assumeThat(NamespaceIsolation.isAvailable())
        .as("the namespace isolation is available")
        .isTrue();
    before = HostMounts.capture();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/files/hello.txt",
        exchange -> {
          requests.incrementAndGet();
          byte[] body = CONTENT.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/hello.txt";
    Path stage =
        Files.createDirectories(dir.resolve("lib/stages")).resolve("org.example.copy-source");
    // Copies the source file named in its options into the tree, and tries to change the sources.
    Files.writeString(
        stage,
        """
        #!/bin/sh
        set -eu
        input=$(cat)
        field() { printf '%s' "$input" | sed -n "s/.*\\"$1\\" *: *\\"\\([^\\"]*\\)\\".*/\\1/p"; }
        tree=$(field tree)
        sources=$(field sources)
        mkdir -p "$tree/etc"
        printf '%s\\n' "$input" > "$tree/etc/request.json"
        cp "$sources/org.osbuild.files/$(field file)" "$tree/etc/from-source"
        attempts="$tree/etc/write-attempts"
        : > "$attempts"
        touch "$sources/org.osbuild.files/new" 2>/dev/null && echo "create allowed" >> "$attempts" || echo "create refused" >> "$attempts"
        (echo more >> "$sources/org.osbuild.files/$(field file)") 2>/dev/null && echo "append allowed" >> "$attempts" || echo "append refused" >> "$attempts"
        chmod 0666 "$sources/org.osbuild.files/$(field file)" 2>/dev/null && echo "chmod allowed" >> "$attempts" || echo "chmod refused" >> "$attempts"
        echo "copied $(field file)"
        """);
    Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterEach
  void stopServer() {
    if (server != null) server.stop(0);
  }

  private Path manifest(String name, String hostname) throws Exception {
    return Files.writeString(
        dir.resolve(name),
        """
        {
          "pipeline": {
            "stages": [
              {"name": "org.osbuild.hostname", "options": {"hostname": "%s"}},
              {"name": "org.example.copy-source", "options": {"file": "%s"}}
            ],
            "assembler": {"name": "org.osbuild.tar", "options": {"filename": "tree.tar"}}
          },
          "sources": {"org.osbuild.files": {"urls": {"%s": "%s"}}}
        }
        """
            .formatted(hostname, CHECKSUM, CHECKSUM, url));
  }

  private LaterVersion1ManifestsTest.Run build(Path manifest, Path output) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            "--store",
            dir.resolve("store").toString(),
            "-l",
            dir.resolve("lib").toString(),
            "-o",
            output.toString(),
            "-v",
            manifest.toString());
    return new LaterVersion1ManifestsTest.Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aStageReadsTheFetchedSourceReadOnlyAndASecondBuildNeedsNoServer() throws Exception {
    var first = build(manifest("first.json", "first"), dir.resolve("out"));

    assertThat(first.status()).as(first.stderr()).isZero();
    assertThat(first.stderr())
        .contains(
            "source " + CHECKSUM.substring(0, 19) + ": fetched 20 bytes from http://127.0.0.1:")
        .contains("| copied " + CHECKSUM)
        .contains("isolation namespace");
    assertThatTar(dir.resolve("out/tree.tar"))
        .hasEntry("./etc/request.json")
        .withContent(
            """
            {
              "tree" : "/run/osbuild/tree",
              "options" : {
                "file" : "%s"
              },
              "sources" : "/run/osbuild/sources"
            }
            """
                .formatted(CHECKSUM))
        .and()
        .hasEntry("./etc/from-source")
        .withContent(CONTENT)
        .and()
        .hasEntry("./etc/write-attempts")
        .withContent("create refused\nappend refused\nchmod refused\n")
        .and()
        .hasEntry("./etc/hostname")
        .withContent("first\n");
    Path stored = dir.resolve("store/sources/sha256").resolve(Sha256.hex(CONTENT));
    assertThat(stored).hasContent(CONTENT);
    assertThat(Files.getPosixFilePermissions(stored))
        .isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
    assertThat(requests).hasValue(1);

    server.stop(0);
    server = null;
    var second = build(manifest("second.json", "second"), dir.resolve("out2"));

    assertThat(second.status()).as(second.stderr()).isZero();
    assertThat(second.stderr())
        .doesNotContain(": fetched ")
        .contains("stage 1/3 org.osbuild.hostname: done in")
        .contains("| copied " + CHECKSUM)
        .contains("stage 2/3 org.example.copy-source: done in");
    assertThatTar(dir.resolve("out2/tree.tar"))
        .hasEntry("./etc/from-source")
        .withContent(CONTENT)
        .and()
        .hasEntry("./etc/hostname")
        .withContent("second\n");
    try (var tmp = Files.list(dir.resolve("store/tmp"))) {
      assertThat(tmp).as("the builds' views of the sources are gone").isEmpty();
    }
    assertThat(HostMounts.capture()).isEqualTo(before);
  }
}
