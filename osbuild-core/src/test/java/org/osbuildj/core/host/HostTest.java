package org.osbuildj.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the host offers, checked against what the host's own tools say. */
class HostTest {

  @Test
  void theEffectiveUserIsTheOneIdPrints() throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    long uid =
        Long.parseLong(
            new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    assertThat(id.waitFor()).isZero();

    assertThat(Host.effectiveUserId()).hasValue(uid);
    assertThat(Host.isRoot()).isEqualTo(uid == 0);
  }

  @Test
  void theKernelHasTheFilesystemsItListsAndNoOthers() {
    assertThat(Host.kernelHasFilesystem("proc")).isTrue();
    assertThat(Host.kernelHasFilesystem("tmpfs")).isTrue();
    assertThat(Host.kernelHasFilesystem("nodev")).isFalse();
    assertThat(Host.kernelHasFilesystem("no-such-filesystem")).isFalse();
  }
}
