package org.osbuildj.core.assemblers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.disk.DiskIdentity;
import org.osbuildj.core.disk.GrubBiosImages;
import org.osbuildj.core.disk.ImageFormat;
import org.osbuildj.core.disk.PartitionTableType;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.HostCommands;
import org.osbuildj.core.testing.StageHarness;

/**
 * The disk and filesystem assemblers on a small tree, through the host isolation, checked with the
 * tools a person would use: sfdisk, debugfs, dumpe2fs, qemu-img. No mounts, no loop devices.
 */
@Tag("root")
class DiskImageAssemblyTest {
  private static final UUID ROOT = UUID.fromString("6e4ff95f-f662-45ee-a82a-bdf44a2d0b75");
  private static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000);
  private static final String BOOT_IMG = "/usr/lib/grub/i386-pc/boot.img";

  @TempDir Path base;

  @BeforeEach
  void needsTheTools() {
    HostCommands.assumeRootWith(
        "sfdisk", "mke2fs", "debugfs", "dumpe2fs", "grub-mkimage", "qemu-img", BOOT_IMG);
  }

  private Path tree(String name) throws IOException {
    Path tree = Files.createDirectory(base.resolve(name));
    Files.createDirectories(tree.resolve("etc"));
    Files.writeString(tree.resolve("etc/hostname"), "imagetest\n");
    Files.createDirectories(tree.resolve("boot/grub"));
    Files.writeString(tree.resolve("boot/grub/grub.cfg"), "set timeout=1\n");
    Files.createSymbolicLink(tree.resolve("etc/mtab"), Path.of("../proc/self/mounts"));
    Files.createDirectories(tree.resolve("usr/lib"));
    byte[] blob = new byte[2 << 20];
    new Random(7).nextBytes(blob);
    Files.write(tree.resolve("usr/lib/blob"), blob);
    return tree;
  }

  private Path assemble(Path tree, Assembler options, Instant epoch) throws Exception {
    Path output = Files.createDirectory(base.resolve("out-" + System.nanoTime()));
    StageHarness harness = StageHarness.of(options.implementation).options(options.json);
    harness = epoch == null ? harness : harness.sourceDateEpoch(epoch);
    harness.assemble(tree, output);
    return output;
  }

  private record Assembler(
      org.osbuildj.core.spi.AssemblerImplementation implementation,
      com.fasterxml.jackson.databind.node.ObjectNode json) {}

  private static Assembler disk(
      String filename, String size, ImageFormat format, PartitionTableType table) {
    return new Assembler(
        new Qcow2Assembler(),
        Json.object()
            .put("filename", filename)
            .put("root_fs_uuid", ROOT.toString())
            .put("size", size)
            .put("format", format.optionValue())
            .put("partition_table", table.optionValue()));
  }

  private static JsonNode partitionTable(Path image) throws Exception {
    return Json.mapper()
        .readTree(HostCommands.run("sfdisk", "-J", image.toString()))
        .get("partitiontable");
  }

  private static String atOffset(Path image, long bytes) {
    return image + "?offset=" + bytes;
  }

  private static byte[] read(Path image, long position, int length) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
      byte[] bytes = new byte[length];
      file.seek(position);
      file.readFully(bytes);
      return bytes;
    }
  }

  @Test
  void anMbrDiskHasOneActiveLinuxPartitionFromOneMibToTheEndWithTheDerivedDiskId()
      throws Exception {
    Path image =
        assemble(
                tree("tree"),
                disk("disk.raw", "64M", ImageFormat.RAW, PartitionTableType.MBR),
                null)
            .resolve("disk.raw");

    JsonNode table = partitionTable(image);
    assertThat(table.get("label").asText()).isEqualTo("dos");
    assertThat(table.get("id").asText())
        .isEqualTo(String.format("0x%08x", new DiskIdentity(ROOT).mbrDiskId()));
    assertThat(table.get("partitions")).hasSize(1);
    JsonNode root = table.get("partitions").get(0);
    assertThat(root.get("start").asLong()).isEqualTo(2048);
    assertThat(root.get("size").asLong()).isEqualTo(64 * 2048 - 2048);
    assertThat(root.get("type").asText()).isEqualTo("83");
    assertThat(root.path("bootable").asBoolean()).isTrue();
    assertThat(Files.size(image)).isEqualTo(64 << 20);
  }

  @Test
  void theRootPartitionIsACleanExt4WithTheUuidHoldingTheTreesFiles() throws Exception {
    Path image =
        assemble(
                tree("tree"),
                disk("disk.raw", "64M", ImageFormat.RAW, PartitionTableType.MBR),
                EPOCH)
            .resolve("disk.raw");
    String fs = atOffset(image, 1 << 20);

    assertThat(HostCommands.run("debugfs", "-R", "cat /etc/hostname", fs)).isEqualTo("imagetest\n");
    assertThat(HostCommands.run("debugfs", "-R", "cat /boot/grub/grub.cfg", fs))
        .isEqualTo("set timeout=1\n");
    assertThat(HostCommands.run("debugfs", "-R", "stat /etc/mtab", fs))
        .contains("Fast link dest: \"../proc/self/mounts\"");
    String superblock = HostCommands.run("dumpe2fs", "-h", fs);
    assertThat(superblock)
        .containsPattern("Filesystem UUID: +" + ROOT)
        .containsPattern("Directory Hash Seed: +" + new DiskIdentity(ROOT).ext4HashSeed())
        .containsPattern("Filesystem created: +Tue Nov 14 22:13:20 2023")
        .contains("extent")
        .contains("metadata_csum");
    HostCommands.run("e2fsck", "-fn", fs);
  }

  @Test
  void grubsBootCodeIsInTheMbrAndItsCoreImageRightAfter() throws Exception {
    Path image =
        assemble(
                tree("tree"),
                disk("disk.raw", "64M", ImageFormat.RAW, PartitionTableType.MBR),
                null)
            .resolve("disk.raw");
    byte[] mbr = read(image, 0, 512);

    assertThat(Arrays.copyOf(mbr, 440))
        .isEqualTo(GrubBiosImages.mbrCode(Files.readAllBytes(Path.of(BOOT_IMG)), 1));
    assertThat(mbr[510] & 0xff).isEqualTo(0x55);
    assertThat(mbr[511] & 0xff).isEqualTo(0xaa);
    byte[] diskboot = Files.readAllBytes(Path.of("/usr/lib/grub/i386-pc/diskboot.img"));
    byte[] firstCoreSector = read(image, 512, 512);
    assertThat(Arrays.copyOf(firstCoreSector, 0x1f4)).isEqualTo(Arrays.copyOf(diskboot, 0x1f4));
    assertThat(ByteBuffer.wrap(firstCoreSector).order(ByteOrder.LITTLE_ENDIAN).getLong(0x1f4))
        .isEqualTo(2);
  }

  @Test
  void aGptDiskKeepsGrubsCoreImageInABiosBootPartitionThatTheBootCodePointsAt() throws Exception {
    Path image =
        assemble(
                tree("tree"),
                disk("disk.raw", "64M", ImageFormat.RAW, PartitionTableType.GPT),
                null)
            .resolve("disk.raw");

    JsonNode table = partitionTable(image);
    DiskIdentity identity = new DiskIdentity(ROOT);
    assertThat(table.get("label").asText()).isEqualTo("gpt");
    assertThat(table.get("id").asText()).isEqualToIgnoringCase(identity.gptDiskGuid().toString());
    JsonNode biosBoot = table.get("partitions").get(0);
    JsonNode root = table.get("partitions").get(1);
    assertThat(biosBoot.get("start").asLong()).isEqualTo(2048);
    assertThat(biosBoot.get("type").asText())
        .isEqualToIgnoringCase("21686148-6449-6E6F-744E-656564454649");
    assertThat(biosBoot.get("uuid").asText())
        .isEqualToIgnoringCase(identity.gptPartitionGuid(1).toString());
    assertThat(root.get("start").asLong()).isEqualTo(4096);
    assertThat(root.get("type").asText())
        .isEqualToIgnoringCase("0FC63DAF-8483-4772-8E79-3D69D8477DE4");
    assertThat(root.get("uuid").asText())
        .isEqualToIgnoringCase(identity.gptPartitionGuid(2).toString());
    assertThat(ByteBuffer.wrap(read(image, 0, 512)).order(ByteOrder.LITTLE_ENDIAN).getLong(0x5c))
        .isEqualTo(2048);
    assertThat(
            ByteBuffer.wrap(read(image, 2048 * 512, 512))
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong(0x1f4))
        .isEqualTo(2049);
    assertThat(HostCommands.run("debugfs", "-R", "cat /etc/hostname", atOffset(image, 4096 * 512)))
        .isEqualTo("imagetest\n");
    assertThat(HostCommands.run("sfdisk", "--verify", image.toString()))
        .contains("No errors detected");
  }

  @Test
  void withSourceDateEpochTwoBuildsOfTheSameTreeGiveByteIdenticalImages() throws Exception {
    Path tree = tree("tree");
    // Enough inodes that debugfs, fixing times after mke2fs, rewrites the superblock on closing.
    for (int i = 0; i < 400; i++) {
      Files.createDirectories(tree.resolve("srv/d" + i));
    }
    for (PartitionTableType table : PartitionTableType.values()) {
      Path first =
          assemble(tree, disk("disk.raw", "64M", ImageFormat.RAW, table), EPOCH)
              .resolve("disk.raw");
      Thread.sleep(1100);
      Path second =
          assemble(tree, disk("disk.raw", "64M", ImageFormat.RAW, table), EPOCH)
              .resolve("disk.raw");

      assertThat(Files.mismatch(first, second))
          .as("first differing byte of two %s disks", table)
          .isEqualTo(-1);
    }
  }

  @Test
  void withSourceDateEpochACopyOfTheTreeWithNewChangeAndAccessTimesGivesTheSameImage()
      throws Exception {
    Path tree = tree("tree");
    Path first =
        assemble(tree, disk("disk.raw", "64M", ImageFormat.RAW, PartitionTableType.MBR), EPOCH)
            .resolve("disk.raw");
    Thread.sleep(1100);
    Path copy = base.resolve("copy");
    HostCommands.run("cp", "-a", tree.toString(), copy.toString());
    HostCommands.run("cat", copy.resolve("etc/hostname").toString());

    Path second =
        assemble(copy, disk("disk.raw", "64M", ImageFormat.RAW, PartitionTableType.MBR), EPOCH)
            .resolve("disk.raw");

    assertThat(Files.mismatch(first, second)).as("first differing byte").isEqualTo(-1);
  }

  @Test
  void withSourceDateEpochLaterModificationTimesAreClampedAndEarlierOnesKept() throws Exception {
    Path tree = tree("tree");
    Files.setLastModifiedTime(
        tree.resolve("etc/hostname"), FileTime.from(Instant.parse("2001-09-09T01:46:40Z")));
    Files.writeString(tree.resolve("etc/quote\"d name"), "x");

    Path image =
        assemble(tree, disk("disk.raw", "64M", ImageFormat.RAW, PartitionTableType.MBR), EPOCH)
            .resolve("disk.raw");
    String fs = atOffset(image, 1 << 20);

    assertThat(HostCommands.run("debugfs", "-R", "stat /etc/hostname", fs))
        .contains(" mtime: 0x3b9aca00:00000000")
        .contains(" atime: 0x6553f100:00000000")
        .contains(" ctime: 0x6553f100:00000000")
        .contains("crtime: 0x6553f100:00000000");
    assertThat(HostCommands.run("debugfs", "-R", "stat /usr/lib/blob", fs))
        .contains(" mtime: 0x6553f100:00000000")
        .contains(" ctime: 0x6553f100:00000000");
    assertThat(HostCommands.run("debugfs", "-R", "stat \"/etc/quote\"\"d name\"", fs))
        .contains(" mtime: 0x6553f100:00000000");
    HostCommands.run("e2fsck", "-fn", fs);
  }

  @Test
  void withoutSourceDateEpochFilesKeepTheTreesTimes() throws Exception {
    Path tree = tree("tree");
    Files.setLastModifiedTime(
        tree.resolve("usr/lib/blob"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));

    Path image =
        assemble(tree, disk("disk.raw", "64M", ImageFormat.RAW, PartitionTableType.MBR), null)
            .resolve("disk.raw");

    assertThat(HostCommands.run("debugfs", "-R", "stat /usr/lib/blob", atOffset(image, 1 << 20)))
        .contains(
            " mtime: 0x"
                + Long.toHexString(Instant.parse("2030-01-01T00:00:00Z").getEpochSecond()));
  }

  @Test
  void withSourceDateEpochTwoQcow2BuildsAreByteIdenticalToo() throws Exception {
    Path tree = tree("tree");
    Path first =
        assemble(tree, disk("disk.qcow2", "64M", ImageFormat.QCOW2, PartitionTableType.MBR), EPOCH)
            .resolve("disk.qcow2");
    Thread.sleep(1100);
    Path second =
        assemble(tree, disk("disk.qcow2", "64M", ImageFormat.QCOW2, PartitionTableType.MBR), EPOCH)
            .resolve("disk.qcow2");

    assertThat(Files.mismatch(first, second)).isEqualTo(-1);
  }

  @Test
  void aQcow2ImageHoldsTheWholeDiskAndNothingElseIsLeftInTheOutput() throws Exception {
    Path output =
        assemble(
            tree("tree"),
            disk("disk.qcow2", "2G", ImageFormat.QCOW2, PartitionTableType.MBR),
            null);

    JsonNode info =
        Json.mapper()
            .readTree(
                HostCommands.run(
                    "qemu-img", "info", "--output=json", output.resolve("disk.qcow2").toString()));
    assertThat(info.get("format").asText()).isEqualTo("qcow2");
    assertThat(info.get("virtual-size").asLong()).isEqualTo(2L << 30);
    assertThat(Files.list(output).map(p -> p.getFileName().toString()).toList())
        .containsExactly("disk.qcow2");
    assertThat(Files.size(output.resolve("disk.qcow2"))).isLessThan(32 << 20);
  }

  @Test
  void aRawDiskIsSparse() throws Exception {
    Path image =
        assemble(
                tree("tree"), disk("disk.raw", "2G", ImageFormat.RAW, PartitionTableType.MBR), null)
            .resolve("disk.raw");

    assertThat(Files.size(image)).isEqualTo(2L << 30);
    assertThat(HostCommands.allocatedBytes(image)).isLessThan(32L << 20);
  }

  @Test
  void aTreeThatDoesNotFitFailsSayingHowLargeTheImageMustBe() throws Exception {
    Path tree = tree("tree");
    byte[] big = new byte[24 << 20];
    new Random(3).nextBytes(big);
    Files.write(tree.resolve("usr/lib/big"), big);
    Path output = Files.createDirectory(base.resolve("small"));

    assertThatThrownBy(
            () ->
                StageHarness.of(new Qcow2Assembler())
                    .options(disk("disk.raw", "16M", ImageFormat.RAW, PartitionTableType.MBR).json)
                    .assemble(tree, output))
        .isInstanceOfSatisfying(
            ImageTooSmallException.class,
            e -> {
              assertThat(e.needed().bytes()).isGreaterThan(26L << 20).isLessThan(64L << 20);
              assertThat(e)
                  .hasMessageContaining("16M")
                  .hasMessageContaining("at least " + e.needed().mebibytesRoundedUp() + " MiB");
            });
    assertThat(Files.list(output).toList()).as("nothing left behind").isEmpty();
  }

  @Test
  void theSizeTheFailureNamesIsEnough() throws Exception {
    Path tree = tree("tree");
    byte[] big = new byte[24 << 20];
    new Random(3).nextBytes(big);
    Files.write(tree.resolve("usr/lib/big"), big);
    DataSize needed;
    try {
      StageHarness.of(new Qcow2Assembler())
          .options(disk("d.raw", "16M", ImageFormat.RAW, PartitionTableType.MBR).json)
          .assemble(tree, Files.createDirectory(base.resolve("small")));
      throw new AssertionError("a 16M disk should not hold a 26 MiB tree");
    } catch (ImageTooSmallException e) {
      needed = e.needed();
    }

    Path image =
        assemble(
                tree,
                disk("d.raw", needed.toString(), ImageFormat.RAW, PartitionTableType.MBR),
                null)
            .resolve("d.raw");

    assertThat(HostCommands.run("debugfs", "-R", "stat /usr/lib/big", atOffset(image, 1 << 20)))
        .contains("Size: " + big.length);
  }

  /** The superblock's number after {@code label:} in {@code dumpe2fs -h}'s output. */
  private static long superblockField(String superblock, String label) {
    return superblock
        .lines()
        .filter(line -> line.startsWith(label + ":"))
        .map(line -> Long.parseLong(line.substring(label.length() + 1).strip()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("dumpe2fs -h printed no " + label));
  }

  @Test
  void withoutSizeTheDiskIsSizedFromTheTreeWithTheHeadroomFreeAndTheSameForACopiedTree()
      throws Exception {
    Path tree = tree("tree");
    ObjectNode options =
        Json.object()
            .put("filename", "disk.raw")
            .put("root_fs_uuid", ROOT.toString())
            .put("format", "raw");
    Path firstOutput = Files.createDirectory(base.resolve("first"));
    List<String> log =
        StageHarness.of(new Qcow2Assembler())
            .options(options)
            .sourceDateEpoch(EPOCH)
            .assemble(tree, firstOutput);
    Path first = firstOutput.resolve("disk.raw");

    // "sizing the disk from the tree: 72 MiB (tree 3 MiB + headroom 64 MiB free, ...)"
    String sizing =
        log.stream()
            .filter(line -> line.startsWith("sizing the disk from the tree: "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no sizing line in " + log));
    long mib =
        Long.parseLong(sizing.substring("sizing the disk from the tree: ".length()).split(" ")[0]);
    assertThat(sizing).contains("headroom 64 MiB free");
    assertThat(Files.size(first)).isEqualTo(mib << 20);
    assertThat(mib).as("a 2 MiB tree with 64 MiB free").isBetween(66L, 90L);
    JsonNode root = partitionTable(first).get("partitions").get(0);
    assertThat(root.get("start").asLong()).isEqualTo(2048);
    assertThat(root.get("size").asLong()).isEqualTo((mib - 1) * 2048);
    String fs = atOffset(first, 1 << 20);
    String superblock = HostCommands.run("dumpe2fs", "-h", fs);
    long blockSize = superblockField(superblock, "Block size");
    long freeForUsers =
        (superblockField(superblock, "Free blocks")
                - superblockField(superblock, "Reserved block count"))
            * blockSize;
    assertThat(superblockField(superblock, "Block count") * blockSize)
        .isEqualTo(root.get("size").asLong() * 512);
    assertThat(freeForUsers).as("free for users other than root").isGreaterThanOrEqualTo(64L << 20);
    assertThat(HostCommands.run("debugfs", "-R", "cat /etc/hostname", fs)).isEqualTo("imagetest\n");
    HostCommands.run("e2fsck", "-fn", fs);

    // A copy, made later, of a tree whose directory once held thousands of files: du measures it
    // differently, the disk is the same.
    Thread.sleep(1100);
    Path copy = base.resolve("copy");
    HostCommands.run("cp", "-a", tree.toString(), copy.toString());
    for (int i = 0; i < 3000; i++) {
      Files.writeString(copy.resolve("etc/a-rather-long-temporary-file-name-" + i), "x");
    }
    for (int i = 0; i < 3000; i++) {
      Files.delete(copy.resolve("etc/a-rather-long-temporary-file-name-" + i));
    }
    assertThat(HostCommands.run("du", "-s", "-B1", copy.toString()).split("\t")[0])
        .as("du's bytes of the copy")
        .isNotEqualTo(HostCommands.run("du", "-s", "-B1", tree.toString()).split("\t")[0]);
    Path secondOutput = Files.createDirectory(base.resolve("second"));
    StageHarness.of(new Qcow2Assembler())
        .options(options)
        .sourceDateEpoch(EPOCH)
        .assemble(copy, secondOutput);

    assertThat(Files.mismatch(first, secondOutput.resolve("disk.raw")))
        .as("first differing byte")
        .isEqualTo(-1);
  }

  @Test
  void rawfsIsABareSparseExt4OfTheTree() throws Exception {
    Path image =
        assemble(
                tree("tree"),
                new Assembler(
                    new RawfsAssembler(),
                    Json.object()
                        .put("filename", "root.ext4")
                        .put("root_fs_uuid", ROOT.toString())
                        .put("size", "1G")),
                EPOCH)
            .resolve("root.ext4");

    assertThat(Files.size(image)).isEqualTo(1L << 30);
    assertThat(HostCommands.allocatedBytes(image)).isLessThan(16L << 20);
    assertThat(HostCommands.run("debugfs", "-R", "cat /etc/hostname", image.toString()))
        .isEqualTo("imagetest\n");
    assertThat(HostCommands.run("dumpe2fs", "-h", image.toString()))
        .containsPattern("Filesystem UUID: +" + ROOT);
    HostCommands.run("e2fsck", "-fn", image.toString());
  }
}
