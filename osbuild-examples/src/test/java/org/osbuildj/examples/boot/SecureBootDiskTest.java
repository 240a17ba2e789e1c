package org.osbuildj.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.assemblers.Assemblers;
import org.osbuildj.core.disk.BootMode;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.disk.ImageFormat;
import org.osbuildj.core.executor.Osbuild;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.examples.samples.E2eStore;
import org.osbuildj.isolation.linux.NamespaceIsolation;
import org.osbuildj.store.FileStore;

/**
 * {@code secure_boot: true}: the hybrid test's tree with Debian's signed shim and GRUB installed,
 * as a UEFI disk whose ESP holds that signed chain, booted by OVMF with Microsoft's keys enrolled
 * and Secure Boot enforced: firmware checks shim, shim checks GRUB, GRUB (through shim) checks the
 * kernel; root logs in with no failed unit, and the firmware's SecureBoot variable reads 1.
 */
@Tag("root")
@Tag("e2e")
class SecureBootDiskTest {
  private static final String SECURE_BOOT_VARIABLE =
      "od -An -tu1 /sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c";

  @TempDir Path work;

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void aSecureBootDiskBootsWithSecureBootEnforced() throws Exception {
    HybridDiskBootTest.assumeHostCanBuildAndBootUefi();
    for (Path firmware :
        List.of(QemuSerialConsole.OVMF_SECURE_BOOT_CODE, QemuSerialConsole.OVMF_MS_VARS)) {
      assumeTrue(Files.exists(firmware), () -> "skipped: " + firmware + " is missing (ovmf)");
    }
    HostMounts before = HostMounts.capture();
    Pipeline pipeline =
        HybridDiskBootTest.treeStages()
            .stage(Stages.apt("shim-signed", "grub-efi-amd64-signed"))
            .assembler(
                Assemblers.qcow2("disk.raw")
                    .rootFsUuid(HybridDiskBootTest.ROOT_UUID)
                    .size(DataSize.ofGiB(2))
                    .format(ImageFormat.RAW)
                    .boot(BootMode.UEFI)
                    .espSerial(HybridDiskBootTest.ESP_SERIAL)
                    .secureBoot(true))
            .build();
    Path output = work.resolve("output");
    long started = System.nanoTime();
    try (Osbuild osbuild =
        Osbuild.builder()
            .store(FileStore.open(Files.createDirectories(E2eStore.shared())))
            .isolation(NamespaceIsolation.create())
            .sourceDateEpoch(HybridDiskBootTest.EPOCH)
            .build()) {
      osbuild.build(pipeline, output);
    }
    System.out.printf(
        "e2e: Secure Boot disk built in %.1f s%n", (System.nanoTime() - started) / 1e9);
    Path vars = Files.copy(QemuSerialConsole.OVMF_MS_VARS, work.resolve("OVMF_VARS.fd"));
    List<String> extra =
        List.of(SECURE_BOOT_VARIABLE, "ls -1 /boot/efi/EFI/BOOT /boot/efi/EFI/debian");

    BootedSystem booted =
        BootedSystem.bootAndLogIn(
            QemuSerialConsole.secureBootCommandLine(output.resolve("disk.raw"), "raw", 1024, vars),
            HybridDiskBootTest.HOSTNAME,
            HybridDiskBootTest.PASSWORD,
            HybridDiskBootTest.LOGIN_TIMEOUT,
            extra);

    System.out.printf("e2e: Secure Boot, OVMF: login after %.1f s%n", booted.loginSeconds());
    booted.assertCameUp();
    assertThat(booted.extra().get(SECURE_BOOT_VARIABLE).split("\\s+"))
        .as("the SecureBoot variable: attributes, then 1 when enforced")
        .endsWith("1");
    assertThat(booted.extra().get(extra.get(1)).lines())
        .contains("BOOTX64.EFI", "grubx64.efi", "grub.cfg");
    assertThat(HostMounts.capture()).isEqualTo(before);
  }
}
