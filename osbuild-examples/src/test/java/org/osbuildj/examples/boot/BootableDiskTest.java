package org.osbuildj.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osbuildj.core.assemblers.Assemblers;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.disk.ImageFormat;
import org.osbuildj.core.disk.PartitionTableType;
import org.osbuildj.core.executor.BuildResult;
import org.osbuildj.core.executor.Osbuild;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.stages.NoopStage;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.examples.debian.CodeFingerprint;
import org.osbuildj.isolation.linux.NamespaceIsolation;
import org.osbuildj.store.FileStore;

/**
 * Builds a small Debian disk through the whole library (mmdebstrap, a boot configuration stage, the
 * qcow2 assembler; namespace isolation and the file store) and boots it in QEMU with no kernel on
 * the command line: the disk's own GRUB must find the root filesystem, run the tree's grub.cfg and
 * start a system that lets root log in on the serial console.
 *
 * <p>The store is the test run's shared end-to-end store, so the mmdebstrap tree the samples build
 * serves this test too.
 */
@Tag("root")
@Tag("e2e")
class BootableDiskTest {
  private static final UUID ROOT_UUID = UUID.fromString("5f1b2a3c-4d5e-4f60-8a7b-9c0d1e2f3a4b");
  private static final String HOSTNAME = "osbuildj-e2e";
  private static final String PASSWORD = "e2e-secret";

  /**
   * {@link #PASSWORD} as crypt(3) SHA-512 with a fixed salt, so the stage's options never change.
   */
  private static final String PASSWORD_HASH =
      "$6$osbuildj$tddJLStn8UsE8YU9Nd6ELo4Jnn4FKccywp/ZyqA7qq8gwNRv/qf1ty8JXt0wE1Rn/DQe21LnWkL39rGKKOlJa/";

  private static final String BOOT_CONFIG = "org.osbuildj.test.boot-config";
  private static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000);

  @TempDir Path work;

  private static void assumeHostCanBuildAndBoot() {
    assumeTrue(
        TreeFixtures.runningAsRoot(), "skipped: building and booting a Debian disk needs root");
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
            "/usr/sbin/sfdisk",
            "/usr/sbin/mke2fs",
            "/usr/bin/qemu-img",
            "/usr/bin/python3")) {
      assumeTrue(
          Files.exists(Path.of(tool)),
          () -> "skipped: " + tool + " is missing; see the README's e2e packages");
    }
  }

  /** A stages directory holding the boot configuration stage, as an external stage. */
  private Path libdir() throws Exception {
    Path stages = Files.createDirectories(work.resolve("libdir/stages"));
    Path stage = stages.resolve(BOOT_CONFIG);
    try (InputStream in = BootableDiskTest.class.getResourceAsStream(BOOT_CONFIG)) {
      Files.copy(in, stage, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
    return work.resolve("libdir");
  }

  /**
   * How the tree is configured to boot: the library's Debian stages, or a stand-in external stage.
   */
  enum Configuration {
    DEBIAN_STAGES,
    TEST_STAGE
  }

  /**
   * The disk's pipeline. A noop salted with the stage code's fingerprint follows mmdebstrap: ids
   * depend on names and options only, so without it the kept store would serve configuration built
   * by older stage code; the test stage's options carry its script's hash for the same reason.
   */
  static Pipeline pipeline(
      PartitionTableType table, ImageFormat format, Configuration configuration) throws Exception {
    Pipeline.Builder pipeline =
        Pipeline.builder()
            .stage(
                Stage.of(
                    "org.osbuild.mmdebstrap",
                    Json.object()
                        .put("suite", "bookworm")
                        .put("variant", "minbase")
                        // The samples' package set, so every end-to-end test of a run shares one
                        // mmdebstrap tree.
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
                    Json.object().put("osbuild-core", CodeFingerprint.of(Stages.class))));
    if (configuration == Configuration.TEST_STAGE) {
      pipeline.stage(
          Stage.of(
              BOOT_CONFIG,
              Json.object()
                  .put("root_fs_uuid", ROOT_UUID.toString())
                  .put("hostname", HOSTNAME)
                  .put("root_password", PASSWORD)
                  .put("script_sha256", bootConfigHash())));
    } else {
      pipeline
          .stage(Stages.hostname(HOSTNAME))
          .stage(Stages.users().user("root", user -> user.password(PASSWORD_HASH)))
          .stage(Stages.fstab().uuid(ROOT_UUID.toString(), "/", "ext4", "errors=remount-ro", 0, 1))
          .stage(Stages.grub2(ROOT_UUID.toString()).serialConsole());
    }
    return pipeline
        .assembler(
            Assemblers.qcow2("disk." + format.optionValue())
                .rootFsUuid(ROOT_UUID)
                .size(DataSize.ofGiB(2))
                .partitionTable(table)
                .format(format))
        .build();
  }

  private static String bootConfigHash() throws Exception {
    try (InputStream in = BootableDiskTest.class.getResourceAsStream(BOOT_CONFIG)) {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    }
  }

  private static Path storeDirectory() {
    return org.osbuildj.examples.samples.E2eStore.shared();
  }

  /**
   * GPT, with the core image moved into a BIOS boot partition, in a raw file, configured by the
   * library's own Debian stages built in code. (MBR with GRUB at its default place, in qcow2, is
   * the reference sample's, booted by ReferenceImageBootTest; the external test stage variant stays
   * available here for debugging the assembler without the Debian stages.)
   */
  @ParameterizedTest(name = "{0} table, {1} file, {2}")
  @CsvSource({"GPT, RAW, DEBIAN_STAGES"})
  void aBuiltDiskBootsWithItsOwnGrubAndLetsRootLogInOnTheSerialConsole(
      PartitionTableType table, ImageFormat format, Configuration configuration) throws Exception {
    assumeHostCanBuildAndBoot();
    HostMounts before = HostMounts.capture();
    Path output = work.resolve("output");
    BuildResult result;
    long started = System.nanoTime();
    try (Osbuild osbuild =
        Osbuild.builder()
            .store(FileStore.open(Files.createDirectories(storeDirectory())))
            .isolation(NamespaceIsolation.create())
            .libdir(libdir())
            .sourceDateEpoch(EPOCH)
            .build()) {
      result = osbuild.build(pipeline(table, format, configuration), output);
    }
    double buildSeconds = (System.nanoTime() - started) / 1e9;
    double stageSeconds =
        result.steps().stream().mapToDouble(s -> s.duration().toMillis() / 1e3).sum();
    System.out.printf(
        "e2e: build %.1f s, of which stages %.1f s (cached: %s), so the assembler about %.1f s%n",
        buildSeconds,
        stageSeconds,
        result.steps().stream().map(s -> s.step().name() + "=" + s.cached()).toList(),
        buildSeconds - stageSeconds);
    String image = "disk." + format.optionValue();
    assertThat(result.outputFiles()).extracting(p -> p.getFileName().toString()).contains(image);

    BootedSystem booted =
        BootedSystem.bootAndLogIn(output.resolve(image), format.optionValue(), HOSTNAME, PASSWORD);

    booted.assertCameUp();
    assertThat(booted.cmdline())
        .as("the kernel was started by the tree's grub.cfg")
        .contains("root=UUID=" + ROOT_UUID);
    assertThat(booted.rootMountFields())
        .as("source, UUID and options of /")
        .satisfies(f -> assertThat(f[1]).isEqualTo(ROOT_UUID.toString()))
        .satisfies(f -> assertThat(f[2]).startsWith("rw,"));
    assertThat(HostMounts.capture())
        .as("mounts and loop devices after the build and boot")
        .isEqualTo(before);
  }
}
