package org.osbuildj.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osbuildj.examples.boot.BootedSystem;
import org.osbuildj.examples.boot.HostMounts;
import org.osbuildj.examples.boot.QemuSerialConsole;
import org.osbuildj.examples.launcher.Main;

/**
 * The UEFI sample, debian-bookworm-uefi-qcow2.json, built through the launcher and booted with OVMF
 * (no Secure Boot, a fresh copy of its variable store, no boot entry): the firmware runs the ESP's
 * fallback loader, GRUB finds the root by UUID, root logs in on the serial console, no unit failed,
 * and the ESP is mounted at /boot/efi by the serial the manifest gives it.
 */
class UefiSampleBootTest {
  static final String HOSTNAME = "osbuild-demo";
  static final String ROOT_UUID = "0c5e3c2a-7f1d-4b8e-9a6c-2d4f8e1b3a57";
  static final String ESP_SERIAL = "7A3E-01B2";

  /** The sample's root password, whose hash is in the manifest. */
  static final String ROOT_PASSWORD = "osbuild";

  @TempDir Path work;

  @ParameterizedTest
  @ValueSource(strings = {"debian-bookworm-uefi-qcow2.json", "debian-bookworm-hybrid-qcow2.json"})
  void theUefiSamplesPassInspection(String sample) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            "--inspect",
            "--store",
            work.resolve("store").toString(),
            Samples.manifest(sample).toString());

    assertThat(status).as("exit status; it said: %s", err).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"boot\"");
    assertThat(work.resolve("store")).doesNotExist();
  }

  @Test
  @Tag("root")
  @Tag("e2e")
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void theUefiSampleBootsWithOvmfToALoginPromptAndMountsItsEsp() throws Exception {
    Samples.assumeHostCanBuild(
        "/usr/bin/mmdebstrap",
        "/usr/bin/qemu-system-x86_64",
        "/usr/bin/grub-mkimage",
        "/usr/lib/grub/x86_64-efi/kernel.img",
        "/usr/sbin/mkfs.fat",
        "/usr/bin/mcopy",
        "/usr/sbin/sfdisk",
        "/usr/bin/qemu-img",
        QemuSerialConsole.OVMF_CODE.toString(),
        QemuSerialConsole.OVMF_VARS.toString());
    HostMounts before = HostMounts.capture();
    Path output = work.resolve("out");
    long started = System.nanoTime();
    Samples.build(E2eStore.shared(), output, Samples.manifest("debian-bookworm-uefi-qcow2.json"));
    System.out.printf(
        "e2e: the UEFI sample built in %.1f s%n", (System.nanoTime() - started) / 1e9);
    Path vars = Files.copy(QemuSerialConsole.OVMF_VARS, work.resolve("OVMF_VARS.fd"));
    List<String> extra =
        List.of(
            "test -d /sys/firmware/efi && echo uefi || echo bios",
            "findmnt -n -o FSTYPE,UUID /boot/efi");

    BootedSystem booted =
        BootedSystem.bootAndLogIn(
            QemuSerialConsole.uefiCommandLine(
                output.resolve("debian-bookworm-uefi.qcow2"), "qcow2", 1024, vars),
            HOSTNAME,
            ROOT_PASSWORD,
            Duration.ofMinutes(4),
            extra);

    System.out.printf("e2e: the UEFI sample, OVMF: login after %.1f s%n", booted.loginSeconds());
    booted.assertCameUp();
    assertThat(booted.cmdline()).contains("root=UUID=" + ROOT_UUID);
    assertThat(booted.rootMountFields()[1]).as("the root filesystem's UUID").isEqualTo(ROOT_UUID);
    assertThat(booted.extra().get(extra.get(0))).as("the firmware").isEqualTo("uefi");
    assertThat(booted.extra().get(extra.get(1)).split("\\s+"))
        .as("the ESP mounted at /boot/efi")
        .containsExactly("vfat", ESP_SERIAL);
    assertThat(HostMounts.capture())
        .as("mounts and loop devices after the build and the boot")
        .isEqualTo(before);
  }
}
