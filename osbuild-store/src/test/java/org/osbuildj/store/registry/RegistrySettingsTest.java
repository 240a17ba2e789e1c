package org.osbuildj.store.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Addresses, auth files and challenges: what a remote store reads before it talks. */
class RegistrySettingsTest {
  @TempDir Path dir;

  @Test
  void anAddressNamesHostPortAndRepository() {
    RegistryAddress a = RegistryAddress.parse("oci://registry.example:5000/team/os-trees");
    assertThat(a).isEqualTo(new RegistryAddress("registry.example", 5000, "team/os-trees"));
    assertThat(a.registry()).isEqualTo("registry.example:5000");
    assertThat(a.reference("abc")).isEqualTo("registry.example:5000/team/os-trees:abc");
    assertThat(RegistryAddress.parse("oci://ghcr.io/o/r").port()).isEqualTo(-1);
    assertThat(RegistryAddress.parse("oci://[::1]:5000/r").host()).isEqualTo("[::1]");
  }

  @Test
  void aBadAddressSaysWhatIsWrong() {
    assertThatThrownBy(() -> RegistryAddress.parse("docker://h/r"))
        .hasMessageContaining("oci://HOST[:PORT]/REPOSITORY");
    assertThatThrownBy(() -> RegistryAddress.parse("oci://h:5000"))
        .hasMessageContaining("the repository is missing");
    assertThatThrownBy(() -> RegistryAddress.parse("oci://h:port/r"))
        .hasMessageContaining("not a port: 'port'");
    assertThatThrownBy(() -> RegistryAddress.parse("oci://h/Upper/Case"))
        .hasMessageContaining("not a repository name: 'Upper/Case'");
  }

  @Test
  void credentialsComeFromTheFirstAuthFileThatHasTheRegistry() throws Exception {
    Path explicit =
        Files.writeString(
            dir.resolve("explicit.json"), "{\"auths\": {\"other:1\": {\"auth\": \"eDp5\"}}}");
    Path runtime = Files.createDirectories(dir.resolve("run/containers"));
    Files.writeString(
        runtime.resolve("auth.json"),
        "{\"auths\": {\"reg.example:5000\": {\"auth\": \"dXNlcjpwYTpzcw==\"}}}");
    Path home = Files.createDirectories(dir.resolve("home/.docker"));
    Files.writeString(
        home.resolve("config.json"),
        "{\"auths\": {\"https://reg.example:5000/v1/\": {\"auth\": \"ZG9ja2VyOmQ=\"}, \"ghcr.io\": {\"auth\": \"Z2g6dG9rZW4=\"}}}");
    AuthFiles files =
        AuthFiles.fromEnvironment(
            Map.of(
                "REGISTRY_AUTH_FILE",
                explicit.toString(),
                "XDG_RUNTIME_DIR",
                dir.resolve("run").toString()),
            dir.resolve("home"));

    assertThat(files.files())
        .containsExactly(explicit, runtime.resolve("auth.json"), home.resolve("config.json"));
    assertThat(files.find("reg.example:5000")).contains(new AuthFiles.Credentials("user", "pa:ss"));
    assertThat(files.find("ghcr.io")).contains(new AuthFiles.Credentials("gh", "token"));
    assertThat(files.find("other:1")).contains(new AuthFiles.Credentials("x", "y"));
    assertThat(files.find("nowhere")).isEmpty();
    assertThat(new AuthFiles.Credentials("u", "secret").toString()).doesNotContain("secret");
  }

  @Test
  void aBrokenAuthFileIsPassedOverForTheNext() throws Exception {
    Path broken =
        Files.writeString(dir.resolve("broken.json"), "{\"auths\": {\"h\": {\"auth\": \"%%%\"}}}");
    Path good =
        Files.writeString(dir.resolve("good.json"), "{\"auths\": {\"h\": {\"auth\": \"YTpi\"}}}");
    assertThat(new AuthFiles(List.of(dir.resolve("missing.json"), broken, good)).find("h"))
        .isEqualTo(Optional.of(new AuthFiles.Credentials("a", "b")));
  }

  @Test
  void aBearerChallengeGivesRealmServiceAndScope() {
    assertThat(
            RegistryClient.challengeParameters(
                "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:t/r:pull,push\""))
        .containsExactly(
            Map.entry("realm", "https://auth.example/token"),
            Map.entry("service", "registry.example"),
            Map.entry("scope", "repository:t/r:pull,push"));
  }
}
