package org.osbuildj.core.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Options;

class DnfStageTest {
  private static final String SEED_REPOS =
      """
      {"fedora": {"name": "Fedora",
                  "metalink": "https://mirrors.example.org/metalink?repo=fedora-$releasever&arch=$basearch",
                  "gpgkey": "file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-$releasever-$basearch",
                  "gpgcheck": true, "priority": 10,
                  "exclude": ["kernel*", "grub2*"]}}
      """;

  @Test
  void theConfigurationReadsOnlyTheManifestsRepositoriesWithTheirSettingsAsTheSeedWroteThem()
      throws Exception {
    String config =
        DnfConfiguration.render(
            Json.mapper().readTree(SEED_REPOS), Map.of("install_weak_deps", "False"));

    assertThat(config)
        .isEqualTo(
            "[main]\nreposdir=\ninstall_weak_deps=False\n\n[fedora]\nname=Fedora\n"
                + "metalink=https://mirrors.example.org/metalink?repo=fedora-$releasever&arch=$basearch\n"
                + "gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-$releasever-$basearch\n"
                + "gpgcheck=1\npriority=10\nexclude=kernel* grub2*\n");
  }

  @Test
  void dnfsCacheAndLogsClimbOutOfTheTreesMountPointIntoTheStoresCacheAndTheSandboxsTmp()
      throws Exception {
    Options options =
        Options.of(
            Json.object()
                .put("releasever", "30")
                .put("basearch", "aarch64")
                .set("packages", Json.mapper().readTree("[\"@Core\", \"grub2-pc\"]")));

    assertThat(
            DnfStage.dnfArguments(
                options, "/run/osbuild/tree", Optional.of("/run/osbuild/caches/rpm-packages")))
        .containsSequence("--installroot", "/run/osbuild/tree")
        .containsSequence("--releasever", "30")
        .containsSequence("--rpmverbosity", "info")
        .containsSequence("--setopt", "cachedir=/../../../run/osbuild/caches/rpm-packages")
        .containsSequence("--setopt", "logdir=/../../../tmp/osbuild-dnf/logs")
        .containsSequence("--forcearch", "aarch64")
        .endsWith("install", "@Core", "grub2-pc");
    assertThat(DnfStage.dnfArguments(options, "/run/osbuild/tree", Optional.empty()))
        .contains("cachedir=/../../../tmp/osbuild-dnf/cache");
  }

  @Test
  void onlyDnfsOwnVariablesArePassedFromTheEnvironment() {
    assertThat(
            DnfStage.dnfVariables(
                Map.of(
                    "DNF_VAR_rpm_repo", "http://127.0.0.1:8080/",
                    "DNF3", "x",
                    "DNF10", "no",
                    "LANG", "C.UTF-8",
                    "http_proxy", "http://proxy")))
        .containsOnlyKeys("DNF_VAR_rpm_repo", "DNF3");
  }

  @Test
  void yumIsDnfUnderTheSeedsOtherName() {
    assertThat(new YumStage().name()).isEqualTo("org.osbuild.yum");
    assertThat(new YumStage().optionsSchema()).isEqualTo(new DnfStage().optionsSchema());
  }
}
