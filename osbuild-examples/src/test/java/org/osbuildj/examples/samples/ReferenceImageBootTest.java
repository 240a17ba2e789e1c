package org.osbuildj.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.examples.boot.BootedSystem;
import org.osbuildj.examples.boot.HostMounts;

/**
 * The README's main job: the reference sample debian-bookworm-qcow2.json, built through the
 * launcher, boots in QEMU with no kernel given, to a login prompt naming its hostname; root logs in
 * on the serial console and finds the system up with its root filesystem mounted read-write by
 * UUID.
 */
@Tag("root")
@Tag("e2e")
class ReferenceImageBootTest {
  static final String HOSTNAME = "osbuild-demo";
  static final String ROOT_UUID = "6e4ff95f-f662-45ee-a82a-bdf44a2d0b75";

  /** The sample's root password, whose hash is in the manifest. */
  static final String ROOT_PASSWORD = "osbuild";

  @TempDir Path work;

  @Test
  void theReferenceImageBootsToALoginPromptAndComesUp() throws Exception {
    Samples.assumeHostCanBuild(
        "/usr/bin/mmdebstrap",
        "/usr/bin/qemu-system-x86_64",
        "/usr/bin/grub-mkimage",
        "/usr/lib/grub/i386-pc/boot.img",
        "/usr/sbin/sfdisk",
        "/usr/bin/qemu-img");
    HostMounts before = HostMounts.capture();
    Path output = work.resolve("out");
    Samples.build(E2eStore.shared(), output, Samples.manifest("debian-bookworm-qcow2.json"));

    BootedSystem booted =
        BootedSystem.bootAndLogIn(
            output.resolve("debian-bookworm.qcow2"), "qcow2", HOSTNAME, ROOT_PASSWORD);

    booted.assertCameUp();
    assertThat(booted.cmdline()).contains("root=UUID=" + ROOT_UUID);
    String[] mount = booted.rootMountFields();
    assertThat(mount[1]).as("the root filesystem's UUID").isEqualTo(ROOT_UUID);
    assertThat(mount[2]).as("the root filesystem's mount options").startsWith("rw,");
    assertThat(HostMounts.capture())
        .as("mounts and loop devices after the build and the boot")
        .isEqualTo(before);
  }
}
