package org.osbuildj.core.assemblers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.disk.DiskIdentity;
import org.osbuildj.core.disk.DiskLayout;
import org.osbuildj.core.disk.EspFormat;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.HostCommands;
import org.osbuildj.core.testing.StageHarness;

/**
 * UEFI and hybrid disks made by {@code org.osbuild.qcow2} from a small tree through the host
 * isolation, read back with sfdisk, mtools and dumpe2fs. No mounts, no loop devices.
 */
@Tag("root")
class UefiDiskAssemblyTest {
  private static final UUID ROOT = UUID.fromString("6e4ff95f-f662-45ee-a82a-bdf44a2d0b75");
  private static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000);
  private static final long MIB = 1 << 20;

  @TempDir Path base;

  @BeforeEach
  void needsTheTools() {
    HostCommands.assumeRootWith(
        "sfdisk",
        "mke2fs",
        "dumpe2fs",
        "grub-mkimage",
        "mkfs.fat",
        "mmd",
        "mcopy",
        "mtype",
        "minfo",
        "/usr/lib/grub/x86_64-efi/kernel.img",
        "/usr/lib/grub/i386-pc/boot.img");
  }

  private Path tree() throws IOException {
    Path tree = Files.createDirectory(base.resolve("tree"));
    Files.createDirectories(tree.resolve("boot/grub"));
    Files.writeString(tree.resolve("boot/grub/grub.cfg"), "set timeout=1\n");
    Files.createDirectories(tree.resolve("usr/lib/extra"));
    Files.writeString(tree.resolve("usr/lib/extra/hello.efi"), "MZ not really a loader\n");
    return tree;
  }

  private static ObjectNode disk(String boot) {
    return Json.object()
        .put("filename", "disk.raw")
        .put("root_fs_uuid", ROOT.toString())
        .put("size", "96M")
        .put("format", "raw")
        .put("boot", boot)
        .put("esp_size", "40M");
  }

  private Path assemble(Path tree, ObjectNode options) throws Exception {
    Path output = Files.createDirectory(base.resolve("out-" + System.nanoTime()));
    StageHarness.of(new Qcow2Assembler())
        .options(options)
        .sourceDateEpoch(EPOCH)
        .assemble(tree, output);
    try (var entries = Files.list(output)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .as("only the image is left in the output")
          .containsExactly("disk.raw");
    }
    return output.resolve("disk.raw");
  }

  private static String mtools(String program, Path image, long offset, String... args)
      throws Exception {
    String[] argv = new String[args.length + 3];
    argv[0] = program;
    argv[1] = "-i";
    argv[2] = image + "@@" + offset;
    System.arraycopy(args, 0, argv, 3, args.length);
    return HostCommands.run(argv);
  }

  @Test
  void aUefiDiskHasAnEspWithGrubAtTheFallbackPathAndTheRootAfterIt() throws Exception {
    Path image = assemble(tree(), disk("uefi"));

    JsonNode table =
        Json.mapper()
            .readTree(HostCommands.run("sfdisk", "-J", image.toString()))
            .get("partitiontable");
    assertThat(table.get("label").asText()).isEqualTo("gpt");
    assertThat(table.get("partitions")).hasSize(2);
    JsonNode esp = table.get("partitions").get(0);
    assertThat(esp.get("start").asLong()).isEqualTo(2048);
    assertThat(esp.get("size").asLong()).isEqualTo(40 * 2048);
    assertThat(esp.get("type").asText()).isEqualTo(DiskLayout.GPT_EFI_SYSTEM);
    assertThat(table.get("partitions").get(1).get("type").asText())
        .isEqualTo("4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709");

    long espOffset = MIB;
    String serial = EspFormat.serialText(new DiskIdentity(ROOT).espSerial());
    assertThat(mtools("minfo", image, espOffset))
        .contains("serial number: " + serial.replace("-", ""))
        .contains("disk label=\"ESP        \"");
    byte[] loader =
        mtools("mtype", image, espOffset, "::/EFI/BOOT/BOOTX64.EFI")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(new String(loader, 0, 2, java.nio.charset.StandardCharsets.ISO_8859_1))
        .as("a PE image")
        .isEqualTo("MZ");
    assertThat(HostCommands.run("dumpe2fs", "-h", image + "?offset=" + 41 * MIB))
        .contains("Filesystem UUID:          " + ROOT);
    byte[] mbr = read(image, 0, 440);
    assertThat(mbr).as("no BIOS boot code on a UEFI-only disk").containsOnly(0);
  }

  @Test
  void aHybridDiskHasGrubForBiosInItsBiosBootPartitionAndTheEspAfterIt() throws Exception {
    Path image = assemble(tree(), disk("hybrid").put("esp_label", "HYBRID"));

    JsonNode partitions =
        Json.mapper()
            .readTree(HostCommands.run("sfdisk", "-J", image.toString()))
            .get("partitiontable")
            .get("partitions");
    assertThat(partitions).hasSize(3);
    assertThat(partitions.get(0).get("type").asText()).isEqualTo(DiskLayout.GPT_BIOS_BOOT);
    assertThat(partitions.get(1).get("start").asLong()).isEqualTo(4096);
    assertThat(partitions.get(1).get("type").asText()).isEqualTo(DiskLayout.GPT_EFI_SYSTEM);
    assertThat(read(image, 2048 * 512, 512))
        .as("core.img in the BIOS boot partition")
        .isNotEqualTo(new byte[512]);
    assertThat(read(image, 0, 440)).as("GRUB's boot code").isNotEqualTo(new byte[440]);
    assertThat(mtools("minfo", image, 2 * MIB)).contains("disk label=\"HYBRID     \"");
    assertThat(mtools("mdir", image, 2 * MIB, "-b", "::/EFI/BOOT").strip())
        .isEqualTo("::/EFI/BOOT/BOOTX64.EFI");
  }

  @Test
  void espFilesAreCopiedFromTheTreeAndOneAtTheLoadersPathReplacesGrub() throws Exception {
    ObjectNode options = disk("uefi").put("esp_serial", "7a3e-01b2");
    var files = options.putArray("esp_files");
    files
        .addObject()
        .put("tree_path", "/usr/lib/extra/hello.efi")
        .put("esp_path", "/EFI/debian/hello.efi");
    files
        .addObject()
        .put("tree_path", "/usr/lib/extra/hello.efi")
        .put("esp_path", "/EFI/BOOT/BOOTX64.EFI");

    Path image = assemble(tree(), options);

    assertThat(mtools("mtype", image, MIB, "::/EFI/debian/hello.efi"))
        .isEqualTo("MZ not really a loader\n");
    assertThat(mtools("mtype", image, MIB, "::/EFI/BOOT/BOOTX64.EFI"))
        .isEqualTo("MZ not really a loader\n");
    assertThat(mtools("minfo", image, MIB)).contains("serial number: 7A3E01B2");
  }

  @Test
  void anEspFileThatIsALinkOutOfTheTreeIsNotFollowedOutOfIt() throws Exception {
    Path marker = Files.writeString(base.resolve("marker-secret"), "host secret\n");
    Path tree = tree();
    Files.createSymbolicLink(tree.resolve("usr/lib/extra/escape.efi"), marker);
    Files.createSymbolicLink(
        tree.resolve("usr/lib/extra/up.efi"), Path.of("../../../../marker-secret"));
    for (String link : new String[] {"/usr/lib/extra/escape.efi", "/usr/lib/extra/up.efi"}) {
      ObjectNode options = disk("uefi");
      options.putArray("esp_files").addObject().put("tree_path", link).put("esp_path", "/x.efi");

      assertThatThrownBy(() -> assemble(tree, options))
          .as(link)
          .hasStackTraceContaining("esp_files: the tree has no regular file " + link);
    }
    assertThat(marker).hasContent("host secret\n");
  }

  @Test
  void withSecureBootTheEspHoldsTheTreesSignedShimAndGrubAndTheConfigSignedGrubReads()
      throws Exception {
    Path tree = tree();
    Files.createDirectories(tree.resolve("usr/lib/shim"));
    Files.writeString(tree.resolve("usr/lib/shim/shimx64.efi.signed"), "signed shim\n");
    Files.createDirectories(tree.resolve("usr/lib/grub/x86_64-efi-signed"));
    Files.writeString(
        tree.resolve("usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed"), "signed grub\n");

    Path image = assemble(tree, disk("uefi").put("secure_boot", true));

    assertThat(mtools("mtype", image, MIB, "::/EFI/BOOT/BOOTX64.EFI")).isEqualTo("signed shim\n");
    assertThat(mtools("mtype", image, MIB, "::/EFI/BOOT/grubx64.efi")).isEqualTo("signed grub\n");
    assertThat(mtools("mtype", image, MIB, "::/EFI/debian/grub.cfg"))
        .isEqualTo(EfiSystemPartition.signedGrubConfig(ROOT));
  }

  @Test
  void secureBootWithoutTheSignedPackagesInTheTreeFailsNamingThem() throws Exception {
    Path tree = tree();
    assertThatThrownBy(() -> assemble(tree, disk("uefi").put("secure_boot", true)))
        .hasStackTraceContaining("/usr/lib/shim/shimx64.efi.signed")
        .hasStackTraceContaining("shim-signed");
  }

  private static byte[] read(Path image, long position, int length) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
      byte[] bytes = new byte[length];
      file.seek(position);
      file.readFully(bytes);
      return bytes;
    }
  }
}
