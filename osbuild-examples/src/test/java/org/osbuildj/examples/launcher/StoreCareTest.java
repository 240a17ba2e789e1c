package org.osbuildj.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.core.tree.Directories;

/**
 * The store as a user looks after it through the launcher: limits that hold after a build, logs and
 * caches counted, damaged objects healed. Builds run through the host isolation into a copying
 * store in a temporary directory.
 */
class StoreCareTest {
  @TempDir Path dir;

  StoreCareLauncher launcher;

  @BeforeEach
  void launcher() {
    launcher = new StoreCareLauncher(dir, List.of("--isolation", "host"));
  }

  StoreCareLauncher.Run build(Path manifest, String... extra) {
    return launcher.build(manifest, extra);
  }

  StoreCareLauncher.Run store(String... args) {
    return launcher.store(args);
  }

  Path store() {
    return launcher.store();
  }

  Path writingManifest(Object... files) throws Exception {
    return launcher.writingManifest(files);
  }

  @Test
  void aCacheMaxSizeBelowTheBuiltTreeHoldsOnceTheBuildHasEnded() throws Exception {
    Path manifest = writingManifest("big", 3_000_000, "a", 10, "b", 10, "c", 10, "d", 10, "e", 10);

    StoreCareLauncher.Run run = build(manifest, "--cache-max-size", "2M");

    assertThat(run.status()).as(run.stderr()).isZero();
    StoreCareLauncher.Run list = store("list");
    assertThat(list.stdout()).contains("0 trees and images");
  }

  /** Ways a tester damaged a stored tree. */
  enum Damage {
    TRUNCATED_META_JSON,
    GARBAGE_META_JSON,
    MISSING_TREE_DIRECTORY;

    void apply(Path object) throws Exception {
      Path meta = object.resolve("meta.json");
      switch (this) {
        case TRUNCATED_META_JSON ->
            Files.writeString(meta, Files.readString(meta).substring(0, 40));
        case GARBAGE_META_JSON -> Files.write(meta, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1});
        case MISSING_TREE_DIRECTORY -> Directories.deleteRecursively(object.resolve("tree"));
      }
    }
  }

  private Path object(String id) {
    return store().resolve("objects").resolve(id);
  }

  private static List<Boolean> cached(StoreCareLauncher.Run run) throws Exception {
    JsonNode json = Json.mapper().readTree(run.stdout());
    List<Boolean> cached = new ArrayList<>();
    json.at("/pipelines/0/stages").forEach(stage -> cached.add(stage.get("cached").asBoolean()));
    return cached;
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void aDamagedTreeIsBuiltAgainByTheNextBuildAndNothingElseIs(Damage damage) throws Exception {
    Path manifest = writingManifest("a", 10, "b", 10, "c", 10);
    assertThat(build(manifest).status()).isZero();
    List<String> ids = Manifest.read(manifest).stageIds();
    damage.apply(object(ids.get(2)));

    StoreCareLauncher.Run again = build(manifest, "--json");

    assertThat(again.status()).as(again.stderr()).isZero();
    assertThat(cached(again)).containsExactly(true, true, false);
    assertThat(store("check").status()).isZero();
  }

  @Test
  void storeCheckNamesADamagedTreeAndItsFileAndRepairRemovesIt() throws Exception {
    Path manifest = writingManifest("a", 10, "b", 10);
    assertThat(build(manifest).status()).isZero();
    String id = Manifest.read(manifest).stageIds().get(0);
    Damage.TRUNCATED_META_JSON.apply(object(id));

    StoreCareLauncher.Run check = store("check");

    assertThat(check.status()).as(check.stderr()).isEqualTo(1);
    assertThat(check.stdout())
        .startsWith("damaged: tree " + id + ": " + object(id).resolve("meta.json") + ": ")
        .contains("checked 2 trees and images and 0 source files in store at " + store())
        .contains("1 problems, 1 left (store check --repair removes them)");
    assertThat(check.stderr()).isEmpty();
    assertThat(object(id)).exists();

    StoreCareLauncher.Run repair = store("check", "--repair");

    assertThat(repair.status()).as(repair.stderr()).isZero();
    assertThat(repair.stdout()).contains("removed: tree " + id).contains("all repaired");
    assertThat(object(id)).doesNotExist();
    StoreCareLauncher.Run after = store("check");
    assertThat(after.status()).isZero();
    assertThat(after.stdout()).contains("checked 1 trees and images").contains("no problems");
  }

  @Test
  void storeClearRemovesDamagedTreesToo() throws Exception {
    Path manifest = writingManifest("a", 10, "b", 10);
    assertThat(build(manifest).status()).isZero();
    Damage.GARBAGE_META_JSON.apply(object(Manifest.read(manifest).stageIds().get(1)));

    StoreCareLauncher.Run clear = store("clear");

    assertThat(clear.status()).as(clear.stderr()).isZero();
    assertThat(store().resolve("objects")).isEmptyDirectory();
  }

  @Test
  void aSourceWithWrongContentIsFetchedAgainByTheNextBuildAndReportedByCheck() throws Exception {
    String content = "hello from a source\n";
    String checksum = "sha256:" + Sha256.hex(content);
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hello.txt",
        exchange -> {
          requests.incrementAndGet();
          byte[] body = content.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      writingManifest("a", 10);
      Path manifest =
          Files.writeString(
              dir.resolve("sources.json"),
              """
              {"pipeline": {"stages": [
                 {"name": "org.example.write", "options": {"name": "a", "bytes": 10}}]},
               "sources": {"org.osbuild.files": {"urls": {"%s": "http://127.0.0.1:%d/hello.txt"}}}}
              """
                  .formatted(checksum, server.getAddress().getPort()));
      assertThat(build(manifest).status()).isZero();
      Path stored = store().resolve("sources/sha256").resolve(Sha256.hex(content));
      stored.toFile().setWritable(true);
      Files.writeString(stored, "tampered\n");

      StoreCareLauncher.Run check = store("check");
      assertThat(check.status()).isEqualTo(1);
      assertThat(check.stdout())
          .startsWith(
              "damaged: source "
                  + checksum
                  + ": "
                  + stored
                  + ": its content has SHA-256 "
                  + Sha256.hex("tampered\n")
                  + "\n");

      StoreCareLauncher.Run again = build(manifest, "--json");

      assertThat(again.status()).as(again.stderr()).isZero();
      assertThat(requests).hasValue(2);
      assertThat(cached(again)).containsExactly(true);
      assertThat(Files.readString(stored)).isEqualTo(content);
      assertThat(store("check").status()).isZero();
    } finally {
      server.stop(0);
    }
  }

  /** Bytes the regular files under {@code dir} take (0 when it does not exist). */
  private static long bytesIn(Path dir) throws Exception {
    if (!Files.exists(dir)) return 0;
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  /** A libdir stage that prints {@code lines} lines of 100 characters: a big log, a tiny tree. */
  private Path chattyManifest(int lines) throws Exception {
    writingManifest("a", 10);
    Path stage = dir.resolve("lib/stages/org.example.chatty");
    Files.writeString(
        stage,
        "#!/bin/sh\ncat >/dev/null\nyes 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456 | head -n "
            + lines
            + "\n");
    stage.toFile().setExecutable(true);
    return Files.writeString(
        dir.resolve("chatty.json"),
        """
        {"stages": [{"name": "org.example.write", "options": {"name": "a", "bytes": 10}},
                    {"name": "org.example.chatty"}]}
        """);
  }

  @Test
  void storeListShowsTheLogsCachesAndSourcesBesideTheTreesAndTheTotal() throws Exception {
    Path manifest = writingManifest("a", 10, "b", 10);
    assertThat(build(manifest).status()).isZero();
    Files.writeString(
        Files.createDirectories(store().resolve("caches/apt")).resolve("p.deb"), "x".repeat(5000));

    StoreCareLauncher.Run list = store("list");

    assertThat(list.status()).as(list.stderr()).isZero();
    long logs = bytesIn(store().resolve("logs"));
    assertThat(logs).isPositive();
    assertThat(list.stdout())
        .contains("2 trees and images, ")
        .contains(
            "2 step logs, " + org.osbuildj.core.disk.DataSize.ofBytes(logs).toHumanString() + "\n")
        .contains("cache apt, ")
        .contains("0 source files, 0 B\n")
        .containsPattern("\n[0-9.]+ [KM]?i?B in store at " + store() + "\n");
  }

  @Test
  void storeClearRemovesTheStepLogsToo() throws Exception {
    Path manifest = writingManifest("a", 10, "b", 10);
    assertThat(build(manifest).status()).isZero();
    assertThat(bytesIn(store().resolve("logs"))).isPositive();

    StoreCareLauncher.Run clear = store("clear");

    assertThat(clear.status()).as(clear.stderr()).isZero();
    assertThat(store().resolve("logs")).isEmptyDirectory();
    assertThat(store("list").stdout()).contains("0 step logs, 0 B\n").contains("\n0 B in store at");
  }

  @Test
  void aCacheMaxSizeCountsTheStepLogs() throws Exception {
    Path manifest = chattyManifest(30_000); // a 3 MB log

    StoreCareLauncher.Run run = build(manifest, "--cache-max-size", "2M");

    assertThat(run.status()).as(run.stderr()).isZero();
    assertThat(bytesIn(store().resolve("logs"))).isLessThanOrEqualTo(2 << 20);
    assertThat(bytesIn(store())).isLessThanOrEqualTo(2 << 20);
  }
}
