package org.osbuildj.examples.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.osbuildj.examples.remote.RemoteBuilds.stageId;
import static org.osbuildj.examples.remote.RemoteBuilds.stagesRun;
import static org.osbuildj.examples.remote.RemoteBuilds.treeId;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.core.tree.Directories;
import org.osbuildj.examples.boot.HostMounts;
import org.osbuildj.examples.registry.LocalRegistry;
import org.osbuildj.examples.remote.FaultProxy.Fault;
import org.osbuildj.isolation.linux.NamespaceIsolation;
import org.osbuildj.store.oci.LayerBlob;
import org.osbuildj.store.registry.AuthFiles;
import org.osbuildj.store.registry.RegistryAddress;
import org.osbuildj.store.registry.RegistryClient;

/**
 * A real registry (Debian's docker-registry) behind a fault-injecting proxy: server errors on
 * lookups, blobs and uploads, and blobs cut short. Every build succeeds by building what it could
 * not get, says what went wrong, and leaves its store sound with nothing half imported.
 */
@Tag("root")
@Tag("e2e")
class RegistryFaultsTest {
  private static Path registryDir;
  private static LocalRegistry registry;
  private static FaultProxy proxy;
  private static Map<String, String> direct;
  private static Map<String, String> proxied;

  @TempDir Path dir;
  private RemoteBuilds builds;
  private HostMounts before;

  @BeforeAll
  static void startRegistry() throws Exception {
    assumeThat(TreeFixtures.runningAsRoot()).as("the launcher's builds need root").isTrue();
    assumeThat(NamespaceIsolation.isAvailable()).as("the namespace isolation").isTrue();
    assumeThat(LocalRegistry.available())
        .as("docker-registry, openssl and python3 are installed (.ci/run)")
        .isTrue();
    registryDir = Files.createTempDirectory("osbuild-registry-faults-");
    registry = LocalRegistry.start(registryDir);
    proxy = new FaultProxy(registry.port(), registry.caCertificate());
    direct =
        Map.of(
            "REGISTRY_AUTH_FILE",
            registry
                .authFile("direct.json", LocalRegistry.USER, LocalRegistry.PASSWORD)
                .toString());
    String auth =
        Base64.getEncoder()
            .encodeToString(
                (LocalRegistry.USER + ":" + LocalRegistry.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
    Path proxyAuth =
        Files.writeString(
            registryDir.resolve("proxy.json"),
            "{\"auths\": {\"127.0.0.1:" + proxy.port() + "\": {\"auth\": \"" + auth + "\"}}}\n");
    proxied = Map.of("REGISTRY_AUTH_FILE", proxyAuth.toString());
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (proxy != null) proxy.close();
    if (registry != null) registry.close();
    if (registryDir != null) Directories.deleteRecursively(registryDir);
  }

  @BeforeEach
  void setUp() throws Exception {
    before = HostMounts.capture();
    builds = new RemoteBuilds(dir, Files.createDirectories(dir.resolve("lib")));
    proxy.rule((method, path) -> Fault.NONE);
  }

  @AfterEach
  void noMountsLeft() throws Exception {
    proxy.rule((method, path) -> Fault.NONE);
    assertThat(HostMounts.capture()).isEqualTo(before);
  }

  @Test
  void aServerErrorOnTheLookupLeavesTheWholeBuildLocal() throws Exception {
    Path manifest = builds.manifest("lookup", "x");
    pushFromA("faults/lookup", manifest);
    proxy.rule((method, path) -> path.contains("/manifests/") ? Fault.SERVER_ERROR : Fault.NONE);

    JsonNode b = throughProxy("b", manifest, "faults/lookup");
    assertThat(stagesRun(b)).hasSize(4);
    assertThat(b.path("remote").path("pulled")).isEmpty();
    assertThat(b.path("remote").path("pushed")).as("a failing registry is left alone").isEmpty();
    assertThat(b.path("remote").path("warnings")).hasSize(1);
    assertThat(b.path("remote").path("warnings").get(0).asText())
        .contains("127.0.0.1:" + proxy.port())
        .contains("HTTP 500")
        .contains("injected server error")
        .contains("not asked again in this build");
    builds.assertSound("b");
  }

  @Test
  void aServerErrorOnTheSecondLayerKeepsTheFirstWholeAndBuildsTheRest() throws Exception {
    Path manifest = builds.manifest("midpull", "x");
    JsonNode a = pushFromA("faults/midpull", manifest);
    String second = blobOf("a", stageId(a, 1));
    proxy.rule(
        (method, path) ->
            method.equals("GET") && path.endsWith(second) ? Fault.SERVER_ERROR : Fault.NONE);

    JsonNode b = throughProxy("b", manifest, "faults/midpull");
    assertThat(stagesRun(b))
        .as("%s", b.path("remote"))
        .containsExactly("org.osbuild.hostname", "org.example.rework", "org.example.write");
    assertThat(proxy.faulted())
        .containsExactly("SERVER_ERROR GET /v2/faults/midpull/blobs/" + second);
    assertThat(b.path("remote").path("warnings").toString())
        .contains("HTTP 500 to fetching " + second + ": ")
        .contains("injected server error");
    builds.assertSound("b");
    assertThat(builds.listing("b", stageId(b, 0))).isEqualTo(builds.listing("a", stageId(a, 0)));
  }

  @Test
  void aBlobCutOffMidTransferIsRefusedAndNothingOfItImported() throws Exception {
    Path manifest = builds.manifest("cut", "x");
    JsonNode a = pushFromA("faults/cut", manifest);
    String first = blobOf("a", stageId(a, 0));
    proxy.rule(
        (method, path) -> method.equals("GET") && path.endsWith(first) ? Fault.CUT : Fault.NONE);

    long t0 = System.nanoTime();
    JsonNode b = throughProxy("b", manifest, "faults/cut");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(stagesRun(b)).as("%s", b.path("remote")).hasSize(4);
    assertThat(proxy.faulted()).containsExactly("CUT GET /v2/faults/cut/blobs/" + first);
    System.out.println("cut blob: build took " + took + ", " + b.path("remote").path("warnings"));
    assertThat(b.path("remote").path("warnings").toString())
        .contains("fetching " + first + " failed after");
    builds.assertSound("b");
    assertThat(took)
        .as("a cut connection is seen at once, not after a timeout")
        .isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void aBlobShorterThanItsManifestSaysIsRefusedAndTheStageBuiltLocally() throws Exception {
    Path manifest = builds.manifest("short", "x");
    JsonNode a = pushFromA("faults/short", manifest);
    String top = blobOf("a", treeId(a));
    proxy.rule(
        (method, path) -> method.equals("GET") && path.endsWith(top) ? Fault.SHORT : Fault.NONE);

    JsonNode b = throughProxy("b", manifest, "faults/short");
    assertThat(stagesRun(b)).as("%s", b.path("remote")).containsExactly("org.example.write");
    assertThat(b.path("remote").path("warnings").toString())
        .contains("the blob " + top + " the registry sent is not it")
        .contains("refused");
    builds.assertSound("b");
    assertThat(builds.listing("b", stageId(b, 2))).isEqualTo(builds.listing("a", stageId(a, 2)));
  }

  @Test
  void aServerErrorOnUploadsFailsOnlyThePushAndPublishesNoManifest() throws Exception {
    proxy.rule(
        (method, path) ->
            method.equals("PUT") && path.contains("/blobs/uploads/")
                ? Fault.SERVER_ERROR
                : Fault.NONE);
    Path manifest = builds.manifest("upload", "x");
    JsonNode p = throughProxy("p", manifest, "faults/upload");
    assertThat(stagesRun(p)).hasSize(4);
    assertThat(p.path("remote").path("pushed")).isEmpty();
    assertThat(p.path("remote").path("warnings").toString())
        .contains("pushing " + stageId(p, 0))
        .contains("HTTP 500 to uploading sha256:");
    assertThat(proxy.faulted()).isNotEmpty();
    builds.assertSound("p");
    RegistryClient client =
        new RegistryClient(
            RegistryAddress.parse(registry.address("faults/upload")),
            new RegistryClient.Options(
                false, Optional.of(registry.caCertificate()), Duration.ofSeconds(10)),
            Optional.of(new AuthFiles.Credentials(LocalRegistry.USER, LocalRegistry.PASSWORD)));
    assertThat(client.tags()).as("no tree was published").isEmpty();
  }

  @Test
  void aPushTheRegistryForbidsIsReportedAsDeniedAndTheBuildSucceeds() throws Exception {
    proxy.rule(
        (method, path) ->
            method.equals("POST") && path.contains("/blobs/uploads/")
                ? Fault.FORBIDDEN
                : Fault.NONE);
    JsonNode d = throughProxy("d", builds.manifest("forbidden", "x"), "faults/forbidden");
    assertThat(stagesRun(d)).hasSize(4);
    assertThat(d.path("remote").path("pushed")).isEmpty();
    assertThat(d.path("remote").path("warnings")).as("one warning: the pushes stop").hasSize(1);
    assertThat(d.path("remote").path("warnings").get(0).asText())
        .contains("127.0.0.1:" + proxy.port())
        .contains("denied user " + LocalRegistry.USER + " push access to faults/forbidden")
        .contains("HTTP 403")
        .contains("not pushed to again in this build");
    assertThat(proxy.faulted()).hasSize(1);
    builds.assertSound("d");
  }

  private JsonNode pushFromA(String repository, Path manifest) throws Exception {
    JsonNode a =
        builds.build(
            "a",
            manifest,
            registry.address(repository),
            direct,
            "--remote-store-ca",
            registry.caCertificate().toString());
    assertThat(a.path("remote").path("pushed")).as("%s", a.path("remote")).hasSize(4);
    return a;
  }

  private JsonNode throughProxy(String machine, Path manifest, String repository) throws Exception {
    return builds.build(
        machine, manifest, proxy.address(repository), proxied, "--remote-store-insecure");
  }

  private String blobOf(String machine, String treeId) throws Exception {
    return LayerBlob.cached(builds.store(machine).resolve("objects").resolve(treeId))
        .orElseThrow()
        .digest();
  }
}
