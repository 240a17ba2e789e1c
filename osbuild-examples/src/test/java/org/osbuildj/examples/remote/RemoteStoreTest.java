package org.osbuildj.examples.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.osbuildj.examples.remote.RemoteBuilds.stagesRun;
import static org.osbuildj.examples.remote.RemoteBuilds.treeId;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.core.tree.Directories;
import org.osbuildj.examples.boot.HostMounts;
import org.osbuildj.examples.launcher.Main;
import org.osbuildj.examples.registry.LocalRegistry;
import org.osbuildj.isolation.linux.NamespaceIsolation;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.oci.LayerBlob;
import org.osbuildj.store.oci.LayerCompression;
import org.osbuildj.store.oci.LayerExtractor;
import org.osbuildj.store.oci.TreeListing;
import org.osbuildj.store.registry.AuthFiles;
import org.osbuildj.store.registry.RegistryAddress;
import org.osbuildj.store.registry.RegistryClient;
import org.osbuildj.store.remote.RemoteReport;
import org.osbuildj.store.remote.RemoteStore;

/**
 * Two local stores standing for two machines, sharing trees through a real registry (Debian's
 * docker-registry, with TLS and a password), through the launcher as a user runs it.
 */
@Tag("root")
@Tag("e2e")
class RemoteStoreTest {
  private static Path registryDir;
  private static LocalRegistry registry;
  private static Path lib;
  private static Path authFile;

  @TempDir Path dir;
  private HostMounts before;

  @BeforeAll
  static void startRegistry() throws Exception {
    assumeThat(TreeFixtures.runningAsRoot()).as("the launcher's builds need root").isTrue();
    assumeThat(NamespaceIsolation.isAvailable()).as("the namespace isolation").isTrue();
    assumeThat(LocalRegistry.available())
        .as("docker-registry, openssl and python3 are installed (.ci/run)")
        .isTrue();
    registryDir = Files.createTempDirectory("osbuild-registry-");
    registry = LocalRegistry.start(registryDir);
    authFile = registry.authFile("auth.json", LocalRegistry.USER, LocalRegistry.PASSWORD);
    lib = Files.createDirectories(registryDir.resolve("lib/stages"));
    stage("org.example.files", FILES_STAGE);
    stage("org.example.rework", REWORK_STAGE);
    stage("org.example.write", WRITE_STAGE);
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) registry.close();
    if (registryDir != null) Directories.deleteRecursively(registryDir);
  }

  @BeforeEach
  void mounts() throws Exception {
    before = HostMounts.capture();
  }

  @Test
  void machineBBuildsNothingOfWhatMachineAPushedAndGetsTheSameTreeAndImage() throws Exception {
    String remote = registry.address("shared/one");
    Path manifest = manifest("one", "first");

    JsonNode a = build("a", manifest, remote);
    assertThat(stagesRun(a)).hasSize(4);
    assertThat(a.path("remote").path("pushed")).hasSize(4);
    assertThat(a.path("remote").path("warnings")).isEmpty();

    JsonNode b = build("b", manifest, remote);
    assertThat(stagesRun(b)).as("B runs no stage: %s", b.path("remote")).isEmpty();
    String top = treeId(a);
    assertThat(b.path("remote").path("pulled").get(0).path("tree_id").asText()).isEqualTo(top);
    assertThat(b.path("remote").path("pulled").get(0).path("layers").asInt()).isEqualTo(4);
    assertThat(b.path("pipelines").get(0).path("stages").get(3).path("pulled_from").asText())
        .isEqualTo(remote);
    assertThat(b.path("remote").path("pushed")).as("B pushes nothing it pulled").isEmpty();
    assertThat(listing("a", top)).isEqualTo(listing("b", top));
    assertThat(Files.readAllBytes(dir.resolve("out-b/tree.tar")))
        .as("the image made from the pulled tree is byte-identical")
        .isEqualTo(Files.readAllBytes(dir.resolve("out-a/tree.tar")));

    // Machine C changes the last stage: it pulls the prefix and runs only that stage.
    JsonNode c = build("c", manifest("one", "second"), remote);
    assertThat(stagesRun(c)).containsExactly("org.example.write");
    assertThat(c.path("remote").path("pulled").get(0).path("layers").asInt()).isEqualTo(3);
    assertThat(HostMounts.capture()).isEqualTo(before);
  }

  @Test
  void aPushedTreeIsAContainerImageSkopeoCopies() throws Exception {
    assumeThat(Files.isExecutable(Path.of("/usr/bin/skopeo"))).as("skopeo (.ci/run)").isTrue();
    String remote = registry.address("shared/skopeo");
    JsonNode a = build("a", manifest("skopeo", "x"), remote);
    String top = treeId(a);
    Path certs = Files.createDirectories(dir.resolve("certs"));
    Files.copy(registry.caCertificate(), certs.resolve("ca.crt"));
    Path layout = dir.resolve("oci-layout");
    exec(
        "skopeo",
        "copy",
        "--src-cert-dir",
        certs.toString(),
        "--src-creds",
        LocalRegistry.USER + ":" + LocalRegistry.PASSWORD,
        "docker://127.0.0.1:" + registry.port() + "/shared/skopeo:" + top,
        "oci:" + layout + ":tree");

    JsonNode index = Json.mapper().readTree(layout.resolve("index.json").toFile());
    JsonNode manifest =
        Json.mapper()
            .readTree(
                blob(layout, index.path("manifests").get(0).path("digest").asText()).toFile());
    JsonNode config =
        Json.mapper()
            .readTree(blob(layout, manifest.path("config").path("digest").asText()).toFile());
    assertThat(manifest.path("mediaType").asText()).isEqualTo(RegistryClient.OCI_MANIFEST);
    assertThat(manifest.path("layers")).hasSize(4);
    assertThat(config.path("rootfs").path("diff_ids")).hasSize(4);
    assertThat(config.path("config").path("Labels").path("org.osbuildj.tree.id").asText())
        .isEqualTo(top);
    // Its layers, applied as any image tool applies them, give the tree A stored.
    Path applied = Files.createDirectory(dir.resolve("applied"));
    for (JsonNode layer : manifest.path("layers")) {
      LayerBlob blob =
          new LayerBlob(
              layer.path("digest").asText(),
              layer.path("size").asLong(),
              layer.path("annotations").path("org.osbuildj.layer.diff-id").asText(),
              LayerCompression.ofMediaType(layer.path("mediaType").asText()).orElseThrow());
      blob.extract(blob(layout, blob.digest()), applied, LayerExtractor.Whiteouts.APPLY);
    }
    assertThat(TreeListing.of(applied)).isEqualTo(listing("a", top));
  }

  @Test
  void aCorruptedBlobIsRefusedTheTreeBuiltLocallyAndTheStoreStaysSound() throws Exception {
    String remote = registry.address("shared/corrupt");
    Path manifest = manifest("corrupt", "x");
    JsonNode a = build("a", manifest, remote);
    String top = treeId(a);
    String digest;
    try (FileStore store = FileStore.open(dir.resolve("store-a"))) {
      digest = LayerBlob.cached(dir.resolve("store-a/objects").resolve(top)).orElseThrow().digest();
    }
    Path blobFile = registry.blobFile(digest);
    byte[] bytes = Files.readAllBytes(blobFile);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(blobFile, bytes);

    JsonNode b = build("b", manifest, remote);
    assertThat(stagesRun(b)).as("%s", b.path("remote")).containsExactly("org.example.write");
    assertThat(b.path("remote").path("warnings").toString()).contains("refused");
    try (FileStore store = FileStore.open(dir.resolve("store-b"))) {
      assertThat(store.check(false).problems()).isEmpty();
    }
    // What was pulled is A's tree; the top, built again here, has times of its own.
    String pulled = b.path("pipelines").get(0).path("stages").get(2).path("id").asText();
    assertThat(listing("b", pulled)).isEqualTo(listing("a", pulled));
  }

  @Test
  void aManifestNamingABlobTheRegistryLostIsReportedAndTheTreeBuiltLocally() throws Exception {
    String remote = registry.address("shared/lost");
    Path manifest = manifest("lost", "x");
    String top = treeId(build("a", manifest, remote));
    String digest =
        LayerBlob.cached(dir.resolve("store-a/objects").resolve(top)).orElseThrow().digest();
    Files.delete(registry.blobFile(digest));

    JsonNode b = build("b", manifest, remote);
    assertThat(stagesRun(b)).as("%s", b.path("remote")).containsExactly("org.example.write");
    assertThat(b.path("remote").path("warnings").toString()).contains(digest);
    try (FileStore store = FileStore.open(dir.resolve("store-b"))) {
      assertThat(store.check(false).problems()).isEmpty();
    }
  }

  @Test
  void aRegistryThatIsDownOrRefusesUsNeverFailsTheBuild() throws Exception {
    Path manifest = manifest("faults", "x");
    String down = "oci://127.0.0.1:" + LocalRegistry.freePort() + "/nobody/home";
    JsonNode offline = build("down", manifest, down);
    assertThat(stagesRun(offline)).hasSize(4);
    assertThat(offline.path("remote").path("warnings").toString()).contains("cannot reach");

    Path wrong = registry.authFile("wrong.json", LocalRegistry.USER, "not-the-password");
    JsonNode refused =
        build(
            "refused",
            manifest,
            registry.address("shared/faults"),
            Map.of("REGISTRY_AUTH_FILE", wrong.toString()));
    assertThat(stagesRun(refused)).hasSize(4);
    assertThat(refused.path("remote").path("warnings").toString())
        .contains("refuses")
        .contains("401");
    assertThat(refused.path("remote").path("pushed")).isEmpty();
  }

  @Test
  void aRegistryThatNeverAnswersCostsTheBuildOneTimeout() throws Exception {
    // Not a registry: a socket that takes connections and says nothing, as a hung server does.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) held.add(silent.accept());
                } catch (IOException e) {
                  // closed: the test is over
                }
              });
      acceptor.start();
      try {
        JsonNode slow =
            build(
                "slow",
                manifest("slow", "x"),
                "oci://127.0.0.1:" + silent.getLocalPort() + "/silent/repo",
                Map.of(),
                "--remote-store-insecure");
        assertThat(stagesRun(slow)).hasSize(4);
        assertThat(slow.path("remote").path("warnings").toString())
            .contains("did not answer within 5 s");
        assertThat(slow.path("remote").path("warnings")).hasSize(1);
      } finally {
        silent.close();
        acceptor.join(10_000);
        for (Socket s : held) s.close();
      }
    }
  }

  @Test
  void aPullOnlyMachineNeverPushes() throws Exception {
    String remote = registry.address("shared/pullonly");
    JsonNode d =
        build("d", manifest("pullonly", "x"), remote, Map.of(), "--remote-store-pull-only");
    assertThat(stagesRun(d)).hasSize(4);
    assertThat(d.path("remote").path("pushed")).isEmpty();
    assertThat(client("shared/pullonly").tags()).isEmpty();
  }

  @Test
  void twoMachinesPushingTheSameTreeAtOnceBothSucceed() throws Exception {
    Path manifest = manifest("twice", "x");
    JsonNode e = build("e", manifest, null);
    build("f", manifest, null);
    String top = treeId(e);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<RemoteReport>> pushes = new ArrayList<>();
      for (String machine : List.of("e", "f")) {
        Callable<RemoteReport> push =
            () -> {
              try (RemoteStore store = remoteStore(machine, "shared/twice")) {
                store.push(top);
                return store.awaitPushes();
              }
            };
        pushes.add(pool.submit(push));
      }
      for (Future<RemoteReport> push : pushes) {
        RemoteReport report = push.get(120, TimeUnit.SECONDS);
        assertThat(report.warnings()).as("%s", report.warnings()).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(client("shared/twice").hasManifest(top)).isTrue();
    JsonNode g = build("g", manifest, registry.address("shared/twice"));
    assertThat(stagesRun(g)).isEmpty();
  }

  @Test
  void theStoreCommandsPushPullAndListOneTree() throws Exception {
    JsonNode h = build("h", manifest("commands", "x"), null);
    String top = treeId(h);
    String remote = registry.address("shared/commands");

    Run push = store("push", "h", remote, top);
    assertThat(push.status()).as(push.err()).isZero();
    assertThat(push.out()).startsWith("pushed " + top + " to " + remote + " (4 layers, ");
    Run list = store("list", "h", remote, "--remote");
    assertThat(list.out()).isEqualTo(top + "\n1 trees in " + remote + "\n");
    Run pull = store("pull", "i", remote, top);
    assertThat(pull.status()).as(pull.err()).isZero();
    assertThat(pull.out()).startsWith("pulled " + top + " from " + remote + " (4 layers, ");
    assertThat(listing("i", top)).isEqualTo(listing("h", top));
    Run missing = store("pull", "j", remote, "0".repeat(64));
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err())
        .isEqualTo("osbuild: no remote store could give " + "0".repeat(64) + "\n");
  }

  @Test
  void aCopyStorePullsWhatAnOverlayStorePushedByApplyingItsLayers() throws Exception {
    String remote = registry.address("shared/modes");
    String top = treeId(build("overlay", manifest("modes", "x"), remote));
    try (RemoteStore copy =
        RemoteStore.builder(
                FileStore.builder(dir.resolve("store-copy"))
                    .mode(org.osbuildj.store.SnapshotMode.COPY)
                    .open())
            .remote(RegistryAddress.parse(remote))
            .caCertificate(registry.caCertificate())
            .authFiles(new AuthFiles(List.of(authFile)))
            .build()) {
      assertThat(copy.pull(top)).as("%s", copy.report().warnings()).isTrue();
      assertThat(copy.report().pulled().get(0).layers()).isEqualTo(4);
    }
    assertThat(listing("copy", top)).isEqualTo(listing("overlay", top));
  }

  record Run(int status, String out, String err) {}

  private Run store(String command, String machine, String remote, String... rest)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "store",
                command,
                "--store",
                dir.resolve("store-" + machine).toString(),
                "--remote-store",
                remote,
                "--remote-store-ca",
                registry.caCertificate().toString()));
    args.addAll(List.of(rest));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("REGISTRY_AUTH_FILE", authFile.toString()),
            args.toArray(String[]::new));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Not asserted: prints the push and pull times of a tree of 64 MiB to the local registry. */
  @Test
  void pushAndPullOfA64MiBTreeAreMeasured() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("big/usr/share"));
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 24; i++) {
      byte[] noise = new byte[2 << 20];
      random.nextBytes(noise);
      Files.write(tree.resolve("noise-" + i), noise);
    }
    String text = "a line of a text file in a system tree, repeated: " + "x".repeat(30) + "\n";
    for (int i = 0; i < 16; i++) {
      Files.writeString(tree.resolve("text-" + i), text.repeat((1 << 20) / text.length()));
    }
    String id = org.osbuildj.core.json.Sha256.hex("bench-" + System.nanoTime());
    try (FileStore store = FileStore.open(dir.resolve("store-bench-a"))) {
      store.keepCopy(
          dir.resolve("big"),
          new org.osbuildj.core.store.TreeRecord(id, "bench", java.util.Optional.empty()));
    }
    long t0 = System.nanoTime();
    RemoteReport pushed;
    try (RemoteStore a = remoteStore("bench-a", "shared/bench")) {
      a.push(id);
      pushed = a.awaitPushes();
    }
    long t1 = System.nanoTime();
    boolean pulled;
    try (RemoteStore b = remoteStore("bench-b", "shared/bench")) {
      pulled = b.pull(id);
    }
    long t2 = System.nanoTime();
    assertThat(pushed.warnings()).isEmpty();
    assertThat(pulled).isTrue();
    assertThat(listing("bench-b", id)).isEqualTo(listing("bench-a", id));
    System.out.printf(
        "remote store bench: a 64 MiB tree (48 MiB incompressible), blob %.1f MiB: push %.2f s, pull %.2f s%n",
        pushed.pushed().get(0).bytes() / 1048576.0, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }

  private RemoteStore remoteStore(String machine, String repository) throws Exception {
    return RemoteStore.builder(FileStore.open(dir.resolve("store-" + machine)))
        .remote(RegistryAddress.parse(registry.address(repository)))
        .caCertificate(registry.caCertificate())
        .authFiles(new AuthFiles(List.of(authFile)))
        .build();
  }

  private RegistryClient client(String repository) throws Exception {
    return new RegistryClient(
        RegistryAddress.parse(registry.address(repository)),
        new RegistryClient.Options(
            false,
            java.util.Optional.of(registry.caCertificate()),
            java.time.Duration.ofSeconds(10)),
        java.util.Optional.of(
            new AuthFiles.Credentials(LocalRegistry.USER, LocalRegistry.PASSWORD)));
  }

  private JsonNode build(String machine, Path manifest, String remote, String... extra)
      throws Exception {
    return build(machine, manifest, remote, Map.of(), extra);
  }

  private JsonNode build(
      String machine, Path manifest, String remote, Map<String, String> env, String... extra)
      throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("SOURCE_DATE_EPOCH", "1700000000");
    environment.put("REGISTRY_AUTH_FILE", authFile.toString());
    environment.putAll(env);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--store",
                dir.resolve("store-" + machine).toString(),
                "-l",
                lib.getParent().toString(),
                "-o",
                dir.resolve("out-" + machine).toString(),
                "--json",
                "--progress",
                "plain"));
    if (remote != null) {
      args.addAll(
          List.of(
              "--remote-store",
              remote,
              "--remote-store-ca",
              registry.caCertificate().toString(),
              "--remote-store-timeout",
              "5"));
    }
    args.addAll(List.of(extra));
    args.add(manifest.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            environment,
            args.toArray(String[]::new));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return Json.mapper().readTree(out.toByteArray());
  }

  private List<String> listing(String machine, String id) throws Exception {
    return RemoteBuilds.listingIn(dir, machine, id);
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  private Path manifest(String name, String text) throws Exception {
    return RemoteBuilds.manifestIn(dir, name, text);
  }

  private static void exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }

  private static void stage(String name, String script) throws Exception {
    Path stage = lib.resolve(name);
    Files.writeString(stage, script);
    Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  static final String FILES_STAGE =
      """
      #!/usr/bin/python3
      import json, os, sys
      args = json.load(sys.stdin)
      t = args["tree"]
      for d in ("etc", "usr/bin", "dev", "old/sub"):
          os.makedirs(os.path.join(t, d), exist_ok=True)
      open(t + "/etc/data", "w").write("data " + args["options"]["salt"] + "\\n")
      os.link(t + "/etc/data", t + "/etc/data.link")
      os.symlink("../etc/data", t + "/usr/data")
      p = t + "/usr/bin/capped"
      open(p, "wb").write(b"\\x7fELF")
      os.chown(p, 1000, 1000)
      os.chmod(p, 0o4755)
      os.setxattr(p, "user.note", b"kept")
      try:
          os.setxattr(p, "security.capability", bytes([1, 0, 0, 2, 0, 0x20, 0, 0] + [0] * 12))
      except OSError as e:
          print("no file capability here:", e)
      try:
          os.mknod(t + "/dev/null2", 0o20666, os.makedev(1, 3))
      except OSError as e:
          print("no device node here:", e)
      os.mkfifo(t + "/dev/fifo")
      open(t + "/old/sub/f", "w").write("old\\n")
      open(t + "/gone", "w").write("gone\\n")
      os.utime(t + "/etc/data", ns=(1, 1234567891))
      """;

  static final String REWORK_STAGE =
      """
      #!/usr/bin/python3
      import json, os, shutil, sys
      t = json.load(sys.stdin)["tree"]
      os.remove(t + "/gone")
      shutil.rmtree(t + "/old")
      os.makedirs(t + "/old")
      open(t + "/old/new", "w").write("new\\n")
      """;

  static final String WRITE_STAGE =
      """
      #!/usr/bin/python3
      import json, sys
      args = json.load(sys.stdin)
      open(args["tree"] + "/etc/text", "w").write(args["options"]["text"] + "\\n")
      """;
}
