package org.osbuildj.core.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirror host names here are made up (example.org); no real mirror is named in the project. */
class DebianMirrorTest {
  @TempDir Path etcApt;

  private void write(String relative, String text) throws Exception {
    Path file = etcApt.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void takesTheFirstDebianArchiveFromDeb822SourcesSkippingSecurityAndOtherVendors()
      throws Exception {
    write(
        "sources.list.d/a-vendor.sources",
        """
        Types: deb
        URIs: https://packages.example.com/sdk/apt
        Suites: stable
        Components: main
        """);
    write(
        "sources.list.d/debian.sources",
        """
        Types: deb
        # a comment
        URIs: http://security.example.org/debian-security
        Suites: bookworm-security
        Components: main

        Types: deb deb-src
        URIs: http://mirror.example.org/debian
        Suites: bookworm bookworm-updates
        Components: main
        """);

    assertThat(DebianMirror.fromAptSources(etcApt)).contains("http://mirror.example.org/debian");
  }

  @Test
  void readsTheOneLineFormatWithOptions() throws Exception {
    write(
        "sources.list",
        """
        # deb http://old.example.org/debian bookworm main
        deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] http://mirror.example.org/debian/ bookworm main
        """);

    assertThat(DebianMirror.fromAptSources(etcApt)).contains("http://mirror.example.org/debian/");
  }

  @Test
  void ignoresDisabledStanzasAndFilesThatAreNotSources() throws Exception {
    write(
        "sources.list.d/x.sources.disabled-by-admin",
        "Types: deb\nURIs: http://a.example.org/debian\nSuites: bookworm\n");
    write(
        "sources.list.d/y.sources",
        "Enabled: no\nTypes: deb\nURIs: http://b.example.org/debian\nSuites: bookworm\n");

    assertThat(DebianMirror.fromAptSources(etcApt)).isEmpty();
  }

  @Test
  void theStageOptionWinsThenTheEnvironmentThenTheHost() throws Exception {
    write("sources.list", "deb http://host.example.org/debian bookworm main\n");
    Map<String, String> env =
        Map.of(DebianMirror.ENVIRONMENT_VARIABLE, "http://env.example.org/debian");

    assertThat(DebianMirror.resolve(Optional.of("http://option.example.org/debian"), env, etcApt))
        .isEqualTo("http://option.example.org/debian");
    assertThat(DebianMirror.resolve(Optional.empty(), env, etcApt))
        .isEqualTo("http://env.example.org/debian");
    assertThat(DebianMirror.resolve(Optional.empty(), Map.of(), etcApt))
        .isEqualTo("http://host.example.org/debian");
  }

  @Test
  void withNoMirrorAnywhereTheErrorSaysHowToGiveOne() {
    assertThatThrownBy(() -> DebianMirror.resolve(Optional.empty(), Map.of(), etcApt))
        .hasMessageContaining("\"mirror\" option")
        .hasMessageContaining(DebianMirror.ENVIRONMENT_VARIABLE);
  }

  @Test
  void thisHostHasAMirrorInItsAptSources() {
    // The machines this project builds on reach Debian through their configured mirror.
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/etc/apt")), "not a Debian host");
    assertThat(DebianMirror.fromAptSources(Path.of("/etc/apt"))).isPresent();
  }
}
