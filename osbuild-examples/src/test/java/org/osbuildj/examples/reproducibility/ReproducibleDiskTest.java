package org.osbuildj.examples.reproducibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.assemblers.Assemblers;
import org.osbuildj.core.disk.BootMode;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.disk.ImageFormat;
import org.osbuildj.core.executor.Osbuild;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.core.stages.options.MkdirOptions;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.isolation.linux.NamespaceIsolation;
import org.osbuildj.store.FileStore;

/**
 * A disk built twice from one manifest with one {@code SOURCE_DATE_EPOCH}, at different wall-clock
 * times, each time in a fresh store, through the executor with the namespace isolation and the file
 * store, as the launcher builds it: the two raw disks are the same bytes.
 *
 * <p>This is also the test of how {@code SOURCE_DATE_EPOCH} reaches an assembler through the
 * executor ({@code Osbuild.Builder.sourceDateEpoch} to the assembler's context), which the
 * assembler tests, running the assembler directly, do not cover.
 */
@Tag("root")
class ReproducibleDiskTest {
  private static final UUID ROOT_UUID = UUID.fromString("0b6c3e9a-7d21-4f5e-9c8b-2a4d6f8e1c30");

  /** 2023-11-14 22:13:20 UTC, as dumpe2fs prints it with TZ=UTC. */
  private static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000);

  private static final String EPOCH_AS_DUMPE2FS_PRINTS_IT = "Tue Nov 14 22:13:20 2023";

  /**
   * Enough directories that debugfs, fixing the filesystem's times after mke2fs, writes more than
   * its cache holds: it then rewrites the superblock on closing, which is what once stamped it with
   * the wall clock (a tree of a few files never showed it).
   */
  private static final int DIRECTORIES = 400;

  @TempDir Path work;

  private static void assumeHostCanBuildDisks() {
    assumeTrue(TreeFixtures.runningAsRoot(), "skipped: the namespace isolation needs root");
    assumeTrue(
        NamespaceIsolation.isAvailable(),
        () ->
            "skipped: the namespace isolation is not available: "
                + NamespaceIsolation.unavailability().orElse("?"));
    for (String tool :
        List.of(
            "/usr/sbin/mke2fs",
            "/usr/sbin/debugfs",
            "/usr/sbin/dumpe2fs",
            "/usr/sbin/sfdisk",
            "/usr/bin/grub-mkimage",
            "/usr/lib/grub/i386-pc/boot.img")) {
      assumeTrue(
          Files.exists(Path.of(tool)),
          () -> "skipped: " + tool + " is missing; see the README's test packages");
    }
  }

  private static Pipeline pipeline() {
    return pipeline(
        Assemblers.qcow2("disk.raw")
            .rootFsUuid(ROOT_UUID)
            .size(DataSize.ofMiB(64))
            .format(ImageFormat.RAW));
  }

  private static Pipeline pipeline(Assemblers.Qcow2 disk) {
    MkdirOptions directories = Stages.mkdir();
    for (int i = 0; i < DIRECTORIES; i++) {
      directories = directories.path("/srv/d" + i, 0755, true, false);
    }
    return Pipeline.builder()
        .stage(Stages.hostname("reproducible"))
        .stage(directories)
        .assembler(disk)
        .build();
  }

  /** Builds the pipeline in a fresh store of its own and returns the disk. */
  private Path build(String name) throws Exception {
    return build(name, pipeline(), "disk.raw");
  }

  private Path build(String name, Pipeline pipeline, String filename) throws Exception {
    Path output = work.resolve(name + "-output");
    try (Osbuild osbuild =
        Osbuild.builder()
            .store(FileStore.open(Files.createDirectories(work.resolve(name + "-store"))))
            .isolation(NamespaceIsolation.create())
            .sourceDateEpoch(EPOCH)
            .build()) {
      osbuild.build(pipeline, output);
    }
    return output.resolve(filename);
  }

  /**
   * A hybrid disk (GRUB for BIOS and an EFI system partition made by mkfs.fat and mtools) built
   * twice, a second apart, in fresh stores: the same raw bytes and the same qcow2 bytes; the ESP
   * has the serial and label asked for, and its directories and files the epoch as their time.
   */
  @Test
  void twoHybridDisksBuiltAtDifferentTimesAreTheSameBytesRawAndQcow2() throws Exception {
    assumeHostCanBuildDisks();
    for (String tool :
        List.of("/usr/lib/grub/x86_64-efi/kernel.img", "/usr/sbin/mkfs.fat", "/usr/bin/mcopy")) {
      assumeTrue(
          Files.exists(Path.of(tool)),
          () -> "skipped: " + tool + " is missing; see the README's test packages");
    }
    List<String> before = mountsAndLoopDevicesUnder(work);
    Assemblers.Qcow2 hybrid = hybridDisk("disk.raw").format(ImageFormat.RAW);
    Assemblers.Qcow2 qcow2 = hybridDisk("disk.qcow2");

    Path firstRaw = build("first-raw", pipeline(hybrid), "disk.raw");
    Path firstQcow2 = build("first-qcow2", pipeline(qcow2), "disk.qcow2");
    Thread.sleep(1100);
    Path secondRaw = build("second-raw", pipeline(hybrid), "disk.raw");
    Path secondQcow2 = build("second-qcow2", pipeline(qcow2), "disk.qcow2");

    assertThat(Files.mismatch(firstRaw, secondRaw))
        .as("the first raw byte that differs")
        .isEqualTo(-1);
    assertThat(Files.mismatch(firstQcow2, secondQcow2))
        .as("the first qcow2 byte that differs")
        .isEqualTo(-1);
    // The ESP is partition 2, from 2 MiB: FAT32's boot sector has the serial at 0x43 and the label
    // at 0x47.
    long esp = 2L << 20;
    ByteBuffer bootSector = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel disk = FileChannel.open(firstRaw)) {
      disk.read(bootSector, esp);
    }
    assertThat(Integer.toHexString(bootSector.getInt(0x43)).toUpperCase()).isEqualTo("DD5EED5");
    assertThat(new String(bootSector.array(), 0x47, 11, StandardCharsets.US_ASCII))
        .isEqualTo("REPRO      ");
    String listing = mdir(firstRaw + "@@" + esp, "::/EFI/BOOT");
    assertThat(listing.lines().filter(l -> l.startsWith("BOOTX64") || l.startsWith(".")))
        .hasSize(3)
        .allSatisfy(l -> assertThat(l).contains("2023-11-14  22:13"));
    assertThat(mountsAndLoopDevicesUnder(work)).isEqualTo(before);
  }

  private static Assemblers.Qcow2 hybridDisk(String filename) {
    return Assemblers.qcow2(filename)
        .rootFsUuid(ROOT_UUID)
        .size(DataSize.ofMiB(112))
        .boot(BootMode.HYBRID)
        .espSize(DataSize.ofMiB(40))
        .espLabel("REPRO")
        .espSerial("0DD5-EED5");
  }

  private static String mdir(String image, String directory) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("mdir", "-i", image, directory).redirectErrorStream(true);
    builder.environment().put("MTOOLS_SKIP_CHECK", "1");
    builder.environment().put("TZ", "UTC");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("mdir's exit status; it printed: %s", out).isZero();
    return out;
  }

  @Test
  void twoBuildsAtDifferentTimesGiveTheSameDiskWhoseFilesystemWasLastWrittenAtTheEpoch()
      throws Exception {
    assumeHostCanBuildDisks();
    List<String> before = mountsAndLoopDevicesUnder(work);

    Path first = build("first");
    Thread.sleep(1100);
    Path second = build("second");

    assertThat(Files.mismatch(first, second)).as("the first byte that differs").isEqualTo(-1);
    String superblock = dumpe2fsHeader(first + "?offset=" + (1 << 20));
    assertThat(superblock.lines())
        .contains(
            "Filesystem created:       " + EPOCH_AS_DUMPE2FS_PRINTS_IT,
            "Last write time:          " + EPOCH_AS_DUMPE2FS_PRINTS_IT);
    assertThat(mountsAndLoopDevicesUnder(work)).isEqualTo(before);
  }

  private static String dumpe2fsHeader(String filesystem) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("dumpe2fs", "-h", filesystem)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("TZ", "UTC");
    builder.environment().put("LC_ALL", "C");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("dumpe2fs's exit status; it printed: %s", out).isZero();
    return out;
  }

  /**
   * The mounts and loop devices that involve {@code directory}: what this test could leave behind,
   * without the changes other processes of a shared machine make meanwhile.
   */
  private static List<String> mountsAndLoopDevicesUnder(Path directory)
      throws IOException, InterruptedException {
    String name = directory.toString();
    List<String> lines = new java.util.ArrayList<>();
    for (String table : List.of("/proc/1/mountinfo", "/proc/self/mountinfo")) {
      Files.readAllLines(Path.of(table), StandardCharsets.UTF_8).stream()
          .filter(line -> line.contains(name))
          .map(line -> table + " " + line.replaceFirst("^\\d+ \\d+ ", ""))
          .forEach(lines::add);
    }
    Process losetup = new ProcessBuilder("losetup", "-a").redirectErrorStream(true).start();
    new String(losetup.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines()
        .filter(line -> line.contains(name))
        .forEach(lines::add);
    losetup.waitFor();
    return lines.stream().sorted().toList();
  }
}
