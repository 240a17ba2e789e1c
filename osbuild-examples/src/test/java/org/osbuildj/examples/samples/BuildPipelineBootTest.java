package org.osbuildj.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.examples.boot.BootedSystem;
import org.osbuildj.examples.boot.HostMounts;

/**
 * The seed's headline feature on real content: the reference image built with a build pipeline.
 * mmdebstrap makes the build root (with mmdebstrap and the disk tools in it); the image's own
 * mmdebstrap runs inside that tree and reaches the mirror from there; the qcow2 assembler runs the
 * build root's sfdisk, mke2fs, GRUB and qemu-img; and the disk boots in QEMU.
 */
@Tag("root")
@Tag("e2e")
class BuildPipelineBootTest {
  @TempDir Path work;

  @Test
  void theReferenceImageBuiltInABuildRootThatMmdebstrapMadeBoots() throws Exception {
    Samples.assumeHostCanBuild(
        "/usr/bin/mmdebstrap", "/usr/bin/qemu-system-x86_64", "/usr/sbin/debugfs");
    HostMounts before = HostMounts.capture();
    ObjectNode manifest =
        (ObjectNode)
            Json.mapper().readTree(Samples.manifest("debian-bookworm-qcow2.json").toFile());
    ObjectNode build = Json.object().put("name", "build root");
    ObjectNode mmdebstrap =
        ((ArrayNode) build.putArray("stages"))
            .addObject()
            .put("name", "org.osbuild.mmdebstrap")
            .putObject("options")
            .put("suite", "bookworm")
            .put("variant", "minbase");
    ArrayNode include = mmdebstrap.putArray("include");
    for (String tool :
        new String[] {
          "mmdebstrap",
          "debian-archive-keyring",
          "fdisk",
          "e2fsprogs",
          "grub-common",
          "grub-pc-bin",
          "qemu-utils"
        }) {
      include.add(tool);
    }
    manifest.set("build", build);
    Path file = work.resolve("build-pipeline.json");
    Files.writeString(file, Json.pretty(manifest));
    Path output = work.resolve("out");

    Samples.build(E2eStore.shared(), output, file);

    Path image = output.resolve("debian-bookworm.qcow2");
    // The build root had mmdebstrap; the image, which mmdebstrap made inside it, does not.
    assertThat(DiskFiles.rootFileOf(image, "/var/lib/dpkg/status"))
        .contains("Package: linux-image-amd64")
        .doesNotContain("Package: mmdebstrap");
    BootedSystem booted =
        BootedSystem.bootAndLogIn(
            image, "qcow2", ReferenceImageBootTest.HOSTNAME, ReferenceImageBootTest.ROOT_PASSWORD);
    booted.assertCameUp();
    assertThat(booted.rootMountFields()[1]).isEqualTo(ReferenceImageBootTest.ROOT_UUID);
    assertThat(HostMounts.capture())
        .as("mounts and loop devices after the build and the boot")
        .isEqualTo(before);
  }
}
