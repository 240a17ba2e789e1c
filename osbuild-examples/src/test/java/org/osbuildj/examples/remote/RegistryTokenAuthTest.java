package org.osbuildj.examples.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.osbuildj.examples.remote.RemoteBuilds.stageId;
import static org.osbuildj.examples.remote.RemoteBuilds.stagesRun;
import static org.osbuildj.examples.remote.RemoteBuilds.treeId;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.core.tree.Directories;
import org.osbuildj.examples.boot.HostMounts;
import org.osbuildj.examples.registry.LocalRegistry;
import org.osbuildj.isolation.linux.NamespaceIsolation;

/**
 * The remote store against a real registry (Debian's docker-registry) that wants bearer tokens: the
 * registry sends the launcher to a token server's realm, which checks the user's password from
 * {@code REGISTRY_AUTH_FILE} and grants what the user may do; the registry checks the token's
 * signature, issuer, audience and access.
 */
@Tag("root")
@Tag("e2e")
class RegistryTokenAuthTest {
  private static final String READER = "reader";
  private static final String READER_PASSWORD = "only-reads";
  private static final String STRICT_READER = "strict-reader";

  private static Path registryDir;
  private static TokenServer tokens;
  private static LocalRegistry registry;

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
    registryDir = Files.createTempDirectory("osbuild-registry-token-");
    tokens =
        new TokenServer(
            Map.of(
                LocalRegistry.USER,
                new TokenServer.Account(LocalRegistry.PASSWORD, Set.of("pull", "push")),
                READER,
                new TokenServer.Account(READER_PASSWORD, Set.of("pull")),
                STRICT_READER,
                new TokenServer.Account(READER_PASSWORD, Set.of("pull"), true)));
    registry = LocalRegistry.startWithTokenAuth(registryDir, tokens.realm());
    tokens.signWith(registry);
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) registry.close();
    if (tokens != null) tokens.close();
    if (registryDir != null) Directories.deleteRecursively(registryDir);
  }

  @BeforeEach
  void setUp() throws Exception {
    before = HostMounts.capture();
    builds = new RemoteBuilds(dir, Files.createDirectories(dir.resolve("lib")));
  }

  @Test
  void machineAPushesAndMachineBPullsWithBearerTokensFromTheRealm() throws Exception {
    String remote = registry.address("tokens/one");
    Path manifest = builds.manifest("tokens", "x");
    Map<String, String> env = auth("a.json", LocalRegistry.USER, LocalRegistry.PASSWORD);

    JsonNode a = build("a", manifest, remote, env);
    assertThat(stagesRun(a)).hasSize(4);
    assertThat(a.path("remote").path("warnings")).as("%s", a.path("remote")).isEmpty();
    assertThat(a.path("remote").path("pushed")).hasSize(4);
    assertThat(tokens.issued())
        .as("push tokens for the builder")
        .anySatisfy(
            t -> {
              assertThat(t.user()).isEqualTo(LocalRegistry.USER);
              // The registry asks for "pull,push" or "push,pull": the order means nothing.
              assertThat(t.granted()).containsAnyOf("tokens/one:pull,push", "tokens/one:push,pull");
            });

    int issuedToA = tokens.issued().size();
    JsonNode b = build("b", manifest, remote, env);
    assertThat(stagesRun(b)).as("B runs no stage: %s", b.path("remote")).isEmpty();
    assertThat(b.path("remote").path("warnings")).isEmpty();
    assertThat(b.path("remote").path("pulled").get(0).path("tree_id").asText())
        .isEqualTo(treeId(a));
    assertThat(tokens.issued().size()).as("B asked the realm for a token").isGreaterThan(issuedToA);
    assertThat(builds.listing("b", treeId(a))).isEqualTo(builds.listing("a", treeId(a)));
    assertThat(Files.readAllBytes(dir.resolve("out-b/tree.tar")))
        .isEqualTo(Files.readAllBytes(dir.resolve("out-a/tree.tar")));
    builds.assertSound("b");
    assertThat(HostMounts.capture()).isEqualTo(before);
  }

  @Test
  void aUserTheTokenServerGrantsOnlyPullPullsBuildsAndIsToldThePushWasDenied() throws Exception {
    String remote = registry.address("tokens/readonly");
    JsonNode a =
        build(
            "a",
            builds.manifest("readonly", "x"),
            remote,
            auth("a.json", LocalRegistry.USER, LocalRegistry.PASSWORD));
    assertThat(a.path("remote").path("pushed")).hasSize(4);

    // The reader builds the manifest with its last stage changed: it pulls the first three and
    // may not push the fourth.
    JsonNode r =
        build(
            "r", builds.manifest("readonly", "y"), remote, auth("r.json", READER, READER_PASSWORD));
    assertThat(stagesRun(r)).as("%s", r.path("remote")).containsExactly("org.example.write");
    assertThat(r.path("remote").path("pulled").get(0).path("layers").asInt()).isEqualTo(3);
    assertThat(r.path("remote").path("pushed")).isEmpty();
    String warnings = r.path("remote").path("warnings").toString();
    assertThat(r.path("remote").path("warnings")).as(warnings).hasSize(1);
    assertThat(warnings)
        .contains("127.0.0.1:" + registry.port())
        .contains("pushing " + treeId(r))
        .contains("denied user " + READER + " push access to tokens/readonly")
        .contains("insufficient_scope");
    assertThat(tokens.issued())
        .anySatisfy(
            t -> {
              assertThat(t.user()).isEqualTo(READER);
              // docker-registry names the actions in either order
              assertThat(t.scopes()).anyMatch(scope -> scope.contains("push"));
              assertThat(t.granted()).containsExactly("tokens/readonly:pull");
            });
    builds.assertSound("r");
    assertThat(builds.listing("r", stageId(r, 2))).isEqualTo(builds.listing("a", stageId(a, 2)));
    assertThat(HostMounts.capture()).isEqualTo(before);
  }

  @Test
  void aTokenServerThatRefusesThePushScopeWith403StopsThePushesOnly() throws Exception {
    String remote = registry.address("tokens/strict");
    JsonNode a =
        build(
            "a",
            builds.manifest("strict", "x"),
            remote,
            auth("a.json", LocalRegistry.USER, LocalRegistry.PASSWORD));
    assertThat(a.path("remote").path("pushed")).hasSize(4);

    JsonNode s =
        build(
            "s",
            builds.manifest("strict", "y"),
            remote,
            auth("s.json", STRICT_READER, READER_PASSWORD));
    assertThat(stagesRun(s)).as("%s", s.path("remote")).containsExactly("org.example.write");
    assertThat(s.path("remote").path("pushed")).isEmpty();
    assertThat(s.path("remote").path("warnings")).hasSize(1);
    assertThat(s.path("remote").path("warnings").get(0).asText())
        .contains("the token service of 127.0.0.1:" + registry.port())
        .contains("denied user " + STRICT_READER + " push access to tokens/strict (HTTP 403)")
        .contains("not pushed to again in this build");
    builds.assertSound("s");
  }

  @Test
  void aPasswordTheTokenServerRefusesLeavesTheBuildLocal() throws Exception {
    JsonNode w =
        build(
            "w",
            builds.manifest("wrong", "x"),
            registry.address("tokens/wrong"),
            auth("w.json", LocalRegistry.USER, "not-the-password"));
    assertThat(stagesRun(w)).hasSize(4);
    assertThat(w.path("remote").path("pushed")).isEmpty();
    assertThat(w.path("remote").path("warnings").toString())
        .contains("the token service of 127.0.0.1:" + registry.port())
        .contains("HTTP 401");
    builds.assertSound("w");
  }

  private JsonNode build(String machine, Path manifest, String remote, Map<String, String> env)
      throws Exception {
    return builds.build(
        machine, manifest, remote, env, "--remote-store-ca", registry.caCertificate().toString());
  }

  private Map<String, String> auth(String name, String user, String password) throws Exception {
    return Map.of("REGISTRY_AUTH_FILE", registry.authFile(name, user, password).toString());
  }
}
