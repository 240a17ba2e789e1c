package org.osbuildj.core.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilityTest {

  @Test
  void theMaskHasTheKernelsBitOfEachCapabilityAsProcStatusShowsIt() {
    assertThat(
            Long.toHexString(
                Capability.mask(
                    EnumSet.of(Capability.CHOWN, Capability.SYS_ADMIN, Capability.SETFCAP))))
        .isEqualTo("80200001");
    assertThat(Capability.mask(Set.of())).isZero();
  }

  @Test
  void theDefaultSetLetsPackageScriptsOwnFilesButNeitherMountNorTouchTheKernel() {
    assertThat(Capability.DEFAULT)
        .contains(
            Capability.CHOWN,
            Capability.DAC_OVERRIDE,
            Capability.FOWNER,
            Capability.FSETID,
            Capability.SETUID,
            Capability.SETGID,
            Capability.SETFCAP,
            Capability.SYS_CHROOT);
    assertThat(Capability.DEFAULT).doesNotContain(Capability.SYS_ADMIN);
    // mknod 27, sys_module 16, sys_rawio 17, sys_time 25, sys_boot 22, net_admin 12, sys_ptrace 19
    for (int dropped : new int[] {12, 16, 17, 19, 22, 25, 27}) {
      assertThat(Capability.mask(Capability.DEFAULT) & (1L << dropped))
          .as("bit %d", dropped)
          .isZero();
    }
  }

  @Test
  void namesAreReadWithOrWithoutThePrefixInAnyCase() {
    assertThat(Capability.byName("CAP_SYS_ADMIN")).isEqualTo(Capability.SYS_ADMIN);
    assertThat(Capability.byName("sys_admin")).isEqualTo(Capability.SYS_ADMIN);
    assertThat(Capability.SYS_ADMIN.kernelName()).isEqualTo("CAP_SYS_ADMIN");
    assertThatThrownBy(() -> Capability.byName("CAP_SYS_MODULE"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSpecKeepsTheDefaultAndWhatTheStepDeclared() {
    SandboxSpec spec =
        SandboxSpec.forStage(new TreeMount.Directory(java.nio.file.Path.of("/t")), line -> {});

    assertThat(spec.capabilities()).isEqualTo(Capability.DEFAULT);
    assertThat(spec.withCapabilities(Set.of(Capability.SYS_ADMIN)).capabilities())
        .containsAll(Capability.DEFAULT)
        .contains(Capability.SYS_ADMIN)
        .hasSize(Capability.DEFAULT.size() + 1);
  }
}
