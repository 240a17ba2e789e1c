package org.osbuildj.examples.foreign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.assemblers.Assemblers;
import org.osbuildj.core.disk.BootMode;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.examples.boot.BootedSystem;

/**
 * The run's arm64 tree ({@link Arm64Tree}, built on this x86-64 host through QEMU's user-mode
 * emulator) made into an arm64 UEFI disk by the qcow2 assembler ({@code architecture: arm64}:
 * GRUB's arm64-efi loader at EFI/BOOT/BOOTAA64.EFI, built from grub-efi-arm64-bin fetched into the
 * store), booted in {@code qemu-system-aarch64} with AAVMF under software emulation to a root login
 * on the serial console, with no failed unit and the ESP mounted by its serial.
 */
@Arm64TreeTest
class Arm64DiskBootTest {
  static final UUID ROOT_UUID = UUID.fromString("a4c1e0d2-6b3f-4e59-8d7a-2f1b0c9e8d64");
  static final String ESP_SERIAL = "A64E-5E21";
  static final String HOSTNAME = "osbuildj-arm64";
  static final String PASSWORD = "e2e-secret";

  /** {@link #PASSWORD} as crypt(3) SHA-512 with a fixed salt, as the other boot tests have it. */
  private static final String PASSWORD_HASH =
      "$6$osbuildj$tddJLStn8UsE8YU9Nd6ELo4Jnn4FKccywp/ZyqA7qq8gwNRv/qf1ty8JXt0wE1Rn/DQe21LnWkL39rGKKOlJa/";

  static final Path AAVMF_CODE = Path.of("/usr/share/AAVMF/AAVMF_CODE.fd");
  static final Path AAVMF_VARS = Path.of("/usr/share/AAVMF/AAVMF_VARS.fd");

  @TempDir Path work;

  @Test
  @Timeout(value = 25, unit = TimeUnit.MINUTES)
  void theArm64TreeBecomesAUefiDiskThatBootsInEmulatedAarch64ToALogin(Arm64Tree arm64)
      throws Exception {
    ObjectNode options =
        Assemblers.qcow2("arm64.qcow2")
            .rootFsUuid(ROOT_UUID)
            .size(DataSize.ofGiB(2))
            .boot(BootMode.UEFI)
            .espSerial(ESP_SERIAL)
            .toAssembler()
            .options()
            .json();
    options.put("architecture", "arm64");
    Pipeline.Builder builder = Pipeline.builder().base(arm64.id());
    builder
        .stage(Stages.hostname(HOSTNAME))
        .stage(Stages.users().user("root", user -> user.password(PASSWORD_HASH)))
        .stage(Stages.mkdir().path("/boot/efi", 0700, true, true))
        .stage(
            Stages.fstab()
                .uuid(ROOT_UUID.toString(), "/", "ext4", "errors=remount-ro", 0, 1)
                .uuid(ESP_SERIAL, "/boot/efi", "vfat", "umask=0077,nofail", 0, 0))
        .stage(Stages.grub2(ROOT_UUID.toString()).kernelOpts("console=ttyAMA0,115200"));
    Pipeline pipeline = builder.assembler(Assembler.of("org.osbuild.qcow2", options)).build();
    Path output = work.resolve("output");

    long started = System.nanoTime();
    arm64.osbuild().build(pipeline, output);
    System.out.printf(
        "[arm64-disk] stages and assembler: %.1f s%n", (System.nanoTime() - started) / 1e9);
    Path disk = output.resolve("arm64.qcow2");
    assertThat(disk).isNotEmptyFile();

    Path vars = work.resolve("AAVMF_VARS.fd");
    Files.copy(AAVMF_VARS, vars, StandardCopyOption.REPLACE_EXISTING);
    List<String> qemu =
        List.of(
            "qemu-system-aarch64",
            "-machine",
            "virt",
            "-cpu",
            "cortex-a57",
            "-m",
            "1024",
            "-smp",
            "2",
            "-nodefaults",
            "-display",
            "none",
            "-serial",
            "stdio",
            "-nic",
            "none",
            "-no-reboot",
            "-drive",
            "if=pflash,format=raw,unit=0,readonly=on,file=" + AAVMF_CODE,
            "-drive",
            "if=pflash,format=raw,unit=1,file=" + vars,
            "-drive",
            "file=" + disk + ",format=qcow2,if=virtio,snapshot=on");
    BootedSystem booted =
        BootedSystem.bootAndLogIn(
            qemu,
            HOSTNAME,
            PASSWORD,
            Duration.ofMinutes(8),
            List.of("uname -m", "findmnt -n -o FSTYPE,UUID /boot/efi", "ls /boot/efi/EFI/BOOT"));

    booted.assertCameUp();
    assertThat(booted.cmdline()).contains("root=UUID=" + ROOT_UUID);
    assertThat(booted.rootMountFields()[1]).isEqualTo(ROOT_UUID.toString());
    assertThat(booted.extra().get("uname -m")).isEqualTo("aarch64");
    assertThat(booted.extra().get("findmnt -n -o FSTYPE,UUID /boot/efi").split("\\s+"))
        .as("the ESP mounted at /boot/efi")
        .containsExactly("vfat", ESP_SERIAL);
    assertThat(booted.extra().get("ls /boot/efi/EFI/BOOT")).isEqualTo("BOOTAA64.EFI");
  }
}
