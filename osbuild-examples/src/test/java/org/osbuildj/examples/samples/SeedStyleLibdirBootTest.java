package org.osbuildj.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.examples.boot.BootedSystem;
import org.osbuildj.examples.boot.HostMounts;

/**
 * The seed's stage protocol end to end, with steps written as the seed's were: a Python stage that
 * imports its helpers from the libdir through the seed's {@code stages/osbuild -> ../osbuild} link,
 * and a Python disk assembler, run under the seed's own name {@code org.osbuild.qcow2} ({@code
 * --libdir-first}), that gets loop devices over {@code /run/osbuild/api/remoteloop}, mounts the
 * partition ({@code --allow-mounts}), copies the tree in and unmounts. The reference sample's
 * Debian tree, assembled so, boots in QEMU like the reference image.
 */
@Tag("root")
@Tag("e2e")
class SeedStyleLibdirBootTest {
  private static final String LIBDIR = "/seed-style-libdir/";
  private static final List<String> FILES =
      List.of(
          "osbuild/__init__.py",
          "osbuild/remoteloop.py",
          "stages/org.osbuild.test.motd",
          "assemblers/org.osbuild.qcow2");
  private static final String MOTD = "assembled by a seed-style assembler over remoteloop";

  @TempDir Path work;

  @Test
  void aSeedStyleStageAndAssemblerOverRemoteloopMakeTheReferenceTreeADiskThatBoots()
      throws Exception {
    Samples.assumeHostCanBuild(
        "/usr/bin/mmdebstrap",
        "/usr/bin/qemu-system-x86_64",
        "/usr/bin/grub-mkimage",
        "/usr/lib/grub/i386-pc/boot.img",
        "/usr/sbin/sfdisk",
        "/usr/sbin/mkfs.ext4",
        "/usr/sbin/debugfs",
        "/usr/bin/qemu-img",
        "/usr/bin/python3");
    HostMounts before = HostMounts.capture();
    Path libdir = seedStyleLibdir(work.resolve("libdir"));
    Path manifest = work.resolve("seed-style.json");
    ObjectNode json =
        (ObjectNode)
            Json.mapper().readTree(Samples.manifest("debian-bookworm-qcow2.json").toFile());
    ((ArrayNode) json.get("stages"))
        .addObject()
        .put("name", "org.osbuild.test.motd")
        .putObject("options")
        .put("text", MOTD);
    Files.writeString(manifest, Json.pretty(json));
    Path output = work.resolve("out");

    Samples.build(
        E2eStore.shared(),
        output,
        manifest,
        "-l",
        libdir.toString(),
        "--libdir-first",
        "--allow-mounts",
        "org.osbuild.qcow2");

    Path image = output.resolve("debian-bookworm.qcow2");
    assertThat(DiskFiles.rootFileOf(image, "/etc/motd")).isEqualTo(MOTD + "\n");
    BootedSystem booted =
        BootedSystem.bootAndLogIn(
            image, "qcow2", ReferenceImageBootTest.HOSTNAME, ReferenceImageBootTest.ROOT_PASSWORD);
    booted.assertCameUp();
    assertThat(booted.rootMountFields()[1]).isEqualTo(ReferenceImageBootTest.ROOT_UUID);
    assertThat(booted.rootMountFields()[2]).startsWith("rw,");
    assertThat(HostMounts.capture())
        .as("mounts and loop devices after the build and the boot")
        .isEqualTo(before);
  }

  /** The test libdir, laid out as the seed's: executables, and the links to the package. */
  private static Path seedStyleLibdir(Path libdir) throws IOException {
    for (String file : FILES) {
      Path target = libdir.resolve(file);
      Files.createDirectories(target.getParent());
      try (InputStream in = SeedStyleLibdirBootTest.class.getResourceAsStream(LIBDIR + file)) {
        Files.write(target, in.readAllBytes());
      }
      if (!file.startsWith("osbuild/")) {
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    for (String kind : List.of("stages", "assemblers")) {
      Files.createSymbolicLink(libdir.resolve(kind).resolve("osbuild"), Path.of("../osbuild"));
    }
    return libdir;
  }
}
