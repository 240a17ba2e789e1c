package org.osbuildj.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.assemblers.Assemblers;
import org.osbuildj.core.disk.BootMode;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.disk.ImageFormat;
import org.osbuildj.core.executor.BuildResult;
import org.osbuildj.core.executor.Osbuild;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.stages.NoopStage;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.examples.debian.CodeFingerprint;
import org.osbuildj.examples.samples.E2eStore;
import org.osbuildj.isolation.linux.NamespaceIsolation;
import org.osbuildj.store.FileStore;

/**
 * A hybrid disk ({@code boot: hybrid}: GPT with a BIOS boot partition and an EFI system partition)
 * built from the same mmdebstrap tree as the other boot tests (the run's shared store), booted once
 * with SeaBIOS and once with OVMF: both times the disk's own GRUB starts the system, root logs in
 * on the serial console, no unit failed, and the ESP is mounted at {@code /boot/efi} by the serial
 * the manifest gave it.
 */
@Tag("root")
@Tag("e2e")
class HybridDiskBootTest {
  static final UUID ROOT_UUID = UUID.fromString("3c9d2f4e-8a1b-4c6d-9e0f-7a5b3c1d2e4f");
  static final String ESP_SERIAL = "5EC7-0B17";
  static final String HOSTNAME = "osbuildj-hybrid";
  static final String PASSWORD = "e2e-secret";

  /** {@link #PASSWORD} as crypt(3) SHA-512 with a fixed salt, as BootableDiskTest has it. */
  private static final String PASSWORD_HASH =
      "$6$osbuildj$tddJLStn8UsE8YU9Nd6ELo4Jnn4FKccywp/ZyqA7qq8gwNRv/qf1ty8JXt0wE1Rn/DQe21LnWkL39rGKKOlJa/";

  static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000);

  /** A boot that takes longer than this (a grub> prompt, an emergency shell) fails the test. */
  static final Duration LOGIN_TIMEOUT = Duration.ofMinutes(4);

  static final List<String> FIRMWARE_AND_ESP =
      List.of(
          "test -d /sys/firmware/efi && echo uefi || echo bios",
          "findmnt -n -o FSTYPE,UUID /boot/efi",
          "ls /boot/efi/EFI/BOOT");

  @TempDir static Path work;
  private static Path disk;

  static void assumeHostCanBuildAndBootUefi() {
    assumeTrue(TreeFixtures.runningAsRoot(), "skipped: building and booting a disk needs root");
    assumeTrue(
        NamespaceIsolation.isAvailable(),
        () ->
            "skipped: the namespace isolation is not available: "
                + NamespaceIsolation.unavailability().orElse("?"));
    for (String tool :
        List.of(
            "/usr/bin/mmdebstrap",
            "/usr/bin/qemu-system-x86_64",
            "/usr/bin/grub-mkimage",
            "/usr/lib/grub/i386-pc/boot.img",
            "/usr/lib/grub/x86_64-efi/kernel.img",
            "/usr/sbin/mkfs.fat",
            "/usr/bin/mcopy",
            "/usr/sbin/sfdisk",
            QemuSerialConsole.OVMF_CODE.toString(),
            QemuSerialConsole.OVMF_VARS.toString())) {
      assumeTrue(
          Files.exists(Path.of(tool)),
          () -> "skipped: " + tool + " is missing; .ci/run installs it");
    }
  }

  /**
   * The tree of BootableDiskTest up to its users stage (so the run builds mmdebstrap's tree once),
   * then {@code /boot/efi} and an fstab that mounts the ESP by its serial.
   */
  static Pipeline pipeline(BootMode boot, ImageFormat format) throws Exception {
    return treeStages()
        .assembler(
            Assemblers.qcow2("disk." + format.optionValue())
                .rootFsUuid(ROOT_UUID)
                .size(DataSize.ofGiB(2))
                .format(format)
                .boot(boot)
                .espSerial(ESP_SERIAL))
        .build();
  }

  /** The tree's stages. */
  static Pipeline.Builder treeStages() throws Exception {
    return Pipeline.builder()
        .stage(
            Stage.of(
                "org.osbuild.mmdebstrap",
                Json.object()
                    .put("suite", "bookworm")
                    .put("variant", "minbase")
                    .set(
                        "include",
                        Json.mapper()
                            .valueToTree(
                                List.of(
                                    "linux-image-amd64",
                                    "systemd-sysv",
                                    "udev",
                                    "e2fsprogs",
                                    "locales")))))
        .stage(
            Stage.of(
                NoopStage.NAME,
                Json.object().put("osbuild-core", CodeFingerprint.of(Stages.class))))
        .stage(Stages.hostname(HOSTNAME))
        .stage(Stages.users().user("root", user -> user.password(PASSWORD_HASH)))
        .stage(Stages.mkdir().path("/boot/efi", 0700, true, true))
        .stage(
            Stages.fstab()
                .uuid(ROOT_UUID.toString(), "/", "ext4", "errors=remount-ro", 0, 1)
                .uuid(ESP_SERIAL, "/boot/efi", "vfat", "umask=0077,nofail", 0, 0))
        .stage(Stages.grub2(ROOT_UUID.toString()).serialConsole());
  }

  @BeforeAll
  static void buildTheHybridDiskOnce() throws Exception {
    assumeHostCanBuildAndBootUefi();
    Path output = work.resolve("output");
    long started = System.nanoTime();
    BuildResult result;
    try (Osbuild osbuild =
        Osbuild.builder()
            .store(FileStore.open(Files.createDirectories(E2eStore.shared())))
            .isolation(NamespaceIsolation.create())
            .sourceDateEpoch(EPOCH)
            .build()) {
      result = osbuild.build(pipeline(BootMode.HYBRID, ImageFormat.RAW), output);
    }
    double buildSeconds = (System.nanoTime() - started) / 1e9;
    double stageSeconds =
        result.steps().stream().mapToDouble(s -> s.duration().toMillis() / 1e3).sum();
    System.out.printf(
        "e2e: hybrid disk built in %.1f s, of which stages %.1f s, so the assembler about %.1f s%n",
        buildSeconds, stageSeconds, buildSeconds - stageSeconds);
    disk = output.resolve("disk.raw");
    assertThat(disk).exists();
  }

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void theHybridDiskBootsWithSeaBios() throws Exception {
    HostMounts before = HostMounts.capture();

    BootedSystem booted =
        BootedSystem.bootAndLogIn(
            QemuSerialConsole.commandLine(disk, "raw", 1024),
            HOSTNAME,
            PASSWORD,
            LOGIN_TIMEOUT,
            FIRMWARE_AND_ESP);

    System.out.printf("e2e: hybrid disk, SeaBIOS: login after %.1f s%n", booted.loginSeconds());
    assertCameUpFromItsOwnDisk(booted, "bios");
    assertThat(HostMounts.capture()).isEqualTo(before);
  }

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void theHybridDiskBootsWithOvmf() throws Exception {
    HostMounts before = HostMounts.capture();
    Path vars = Files.copy(QemuSerialConsole.OVMF_VARS, work.resolve("OVMF_VARS.fd"));

    BootedSystem booted =
        BootedSystem.bootAndLogIn(
            QemuSerialConsole.uefiCommandLine(disk, "raw", 1024, vars),
            HOSTNAME,
            PASSWORD,
            LOGIN_TIMEOUT,
            FIRMWARE_AND_ESP);

    System.out.printf("e2e: hybrid disk, OVMF: login after %.1f s%n", booted.loginSeconds());
    assertCameUpFromItsOwnDisk(booted, "uefi");
    assertThat(HostMounts.capture()).isEqualTo(before);
  }

  private static void assertCameUpFromItsOwnDisk(BootedSystem booted, String firmware) {
    booted.assertCameUp();
    assertThat(booted.cmdline()).contains("root=UUID=" + ROOT_UUID);
    assertThat(booted.rootMountFields()[1]).isEqualTo(ROOT_UUID.toString());
    assertThat(booted.extra().get(FIRMWARE_AND_ESP.get(0))).as("firmware").isEqualTo(firmware);
    assertThat(booted.extra().get(FIRMWARE_AND_ESP.get(1)).split("\\s+"))
        .as("the ESP mounted at /boot/efi")
        .containsExactly("vfat", ESP_SERIAL);
    assertThat(booted.extra().get(FIRMWARE_AND_ESP.get(2)))
        .as("the ESP's fallback directory")
        .isEqualTo("BOOTX64.EFI");
  }
}
