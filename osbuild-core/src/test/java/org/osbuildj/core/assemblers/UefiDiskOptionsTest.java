package org.osbuildj.core.assemblers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osbuildj.core.disk.BootMode;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.disk.DiskArchitecture;
import org.osbuildj.core.disk.DiskIdentity;
import org.osbuildj.core.disk.EfiTarget;
import org.osbuildj.core.disk.ImageFormat;
import org.osbuildj.core.disk.PartitionScheme;
import org.osbuildj.core.disk.PartitionTableType;
import org.osbuildj.core.executor.OptionsValidator;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.Options;

/** The {@code boot} option of the disk assembler and the EFI system partition's options. */
class UefiDiskOptionsTest {
  private static final UUID ROOT = UUID.fromString("6e4ff95f-f662-45ee-a82a-bdf44a2d0b75");
  private final OptionsValidator validator = new OptionsValidator();

  private static ObjectNode disk(String boot) {
    return Json.object()
        .put("filename", "disk.qcow2")
        .put("root_fs_uuid", ROOT.toString())
        .put("size", "2G")
        .put("boot", boot);
  }

  private List<Problem> problems(ObjectNode options) {
    return validator.validate(new Qcow2Assembler(), Options.of(options), ".assembler.options");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bios", "uefi", "hybrid"})
  void everyBootModeIsAccepted(String boot) {
    assertThat(problems(disk(boot))).isEmpty();
    assertThat(BootMode.fromOptionValue(boot).optionValue()).isEqualTo(boot);
  }

  @Test
  void anUnknownBootModeIsAProblemAtItsPath() {
    assertThat(problems(disk("efi")))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".assembler.options.boot"));
  }

  @Test
  void everyEspOptionIsAcceptedOnAUefiOrHybridDisk() {
    for (String boot : List.of("uefi", "hybrid")) {
      ObjectNode options =
          disk(boot)
              .put("partition_table", "gpt")
              .put("esp_size", "64M")
              .put("esp_label", "EFI BOOT")
              .put("esp_serial", "7a3e-01B2");
      options
          .putArray("esp_files")
          .addObject()
          .put("tree_path", "/usr/lib/shim/shimx64.efi.signed")
          .put("esp_path", "/EFI/BOOT/BOOTX64.EFI");
      assertThat(problems(options)).as(boot).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"uefi", "hybrid"})
  void anEspOnAnMbrIsAProblemNamingThePartitionTable(String boot) {
    assertThat(problems(disk(boot).put("partition_table", "mbr")))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".assembler.options.partition_table"))
        .satisfies(p -> assertThat(p.message()).contains("gpt"));
  }

  @Test
  void anArm64DiskBootsWithUefiOnlyAndNeedsTheDownloadedGrubModulesAndNetwork() {
    assertThat(problems(disk("uefi").put("architecture", "arm64"))).isEmpty();
    assertThat(problems(disk("hybrid").put("architecture", "arm64")))
        .extracting(Problem::path)
        .contains(".assembler.options.boot");
    ObjectNode noBoot = disk("bios").put("architecture", "arm64");
    noBoot.remove("boot");
    assertThat(problems(noBoot)).isNotEmpty();
    assertThat(problems(disk("uefi").put("architecture", "s390x")))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".assembler.options.architecture"));

    Options arm64 = Options.of(disk("uefi").put("architecture", "arm64"));
    Qcow2Assembler assembler = new Qcow2Assembler();
    assertThat(Qcow2Assembler.efiTarget(arm64)).isEqualTo(EfiTarget.ARM64);
    assertThat(Qcow2Assembler.efiTarget(Options.of(disk("uefi")))).isEqualTo(EfiTarget.X86_64);
    assertThat(assembler.needsNetwork(arm64)).isTrue();
    assertThat(assembler.caches(arm64)).containsExactly("grub-platforms");
    assertThat(assembler.needsNetwork(Options.of(disk("uefi")))).isFalse();
    assertThat(assembler.requiredTools(arm64).toString())
        .contains("apt-get")
        .doesNotContain("x86_64-efi");
  }

  /** The builder's arm64 disk: the options the arm64 sample spells out, and only UEFI. */
  @Test
  void theBuildersArm64DiskIsTheSamplesAndBootsWithUefiOnly() {
    UUID root = UUID.fromString("6e4ff95f-f662-45ee-a82a-bdf44a2d0b75");
    Assembler arm64 =
        Assemblers.qcow2("debian-bookworm-arm64.qcow2")
            .rootFsUuid(root)
            .size(DataSize.ofMiB(2048))
            .boot(BootMode.UEFI)
            .espSerial("A64E-0B2D")
            .architecture(DiskArchitecture.ARM64)
            .toAssembler();
    assertThat(arm64.options().json().path("architecture").asText()).isEqualTo("arm64");
    assertThat(problems(arm64.options().json())).isEmpty();
    assertThat(Qcow2Assembler.efiTarget(arm64.options())).isEqualTo(EfiTarget.ARM64);

    Assembler amd64 =
        Assemblers.qcow2("d.qcow2")
            .rootFsUuid(root)
            .boot(BootMode.UEFI)
            .architecture(DiskArchitecture.AMD64)
            .toAssembler();
    assertThat(amd64.options().json().has("architecture"))
        .as("the default is left out, so that spelling it out keeps the id")
        .isFalse();

    for (BootMode boot : List.of(BootMode.BIOS, BootMode.HYBRID)) {
      assertThatThrownBy(
              () ->
                  Assemblers.qcow2("d.qcow2")
                      .rootFsUuid(root)
                      .boot(boot)
                      .architecture(DiskArchitecture.ARM64)
                      .toAssembler())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(
              "arm64 disk, which boots with UEFI only, not " + boot.optionValue());
    }
    assertThatThrownBy(() -> DiskArchitecture.fromOptionValue("s390x"))
        .hasMessage("architecture: expected amd64 or arm64, got s390x");
  }

  @Test
  void espOptionsOnABiosDiskAreProblemsNamingEachOption() {
    ObjectNode bios = disk("bios").put("esp_label", "ESP").put("esp_serial", "1234-5678");
    ObjectNode implicit = bios.deepCopy();
    implicit.remove("boot");

    for (ObjectNode options : List.of(bios, implicit)) {
      assertThat(problems(options))
          .extracting(Problem::path)
          .containsExactlyInAnyOrder(
              ".assembler.options.esp_label", ".assembler.options.esp_serial");
    }
    assertThat(problems(bios))
        .first()
        .satisfies(
            p -> assertThat(p.message()).startsWith("is not allowed with the other options"));
  }

  @Test
  void badEspValuesAreProblemsAtTheirPaths() {
    assertThat(problems(disk("uefi").put("esp_label", "lower")))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".assembler.options.esp_label"));
    assertThat(problems(disk("uefi").put("esp_label", "TWELVE_CHARS"))).isNotEmpty();
    assertThat(problems(disk("uefi").put("esp_serial", "12345678")))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".assembler.options.esp_serial"));
    assertThat(problems(disk("uefi").put("esp_size", 1 << 20)))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.path()).isEqualTo(".assembler.options.esp_size"));
    for (String espPath : List.of("EFI/x", "/EFI/../x", "/EFI//x", "/EFI/a b", "/EFI/x/")) {
      ObjectNode options = disk("uefi");
      options.putArray("esp_files").addObject().put("tree_path", "/a").put("esp_path", espPath);
      assertThat(problems(options))
          .as(espPath)
          .isNotEmpty()
          .allSatisfy(
              p -> assertThat(p.path()).isEqualTo(".assembler.options.esp_files[0].esp_path"));
    }
    ObjectNode relative = disk("uefi");
    relative
        .putArray("esp_files")
        .addObject()
        .put("tree_path", "../etc/shadow")
        .put("esp_path", "/x");
    assertThat(problems(relative))
        .isNotEmpty()
        .allSatisfy(
            p -> assertThat(p.path()).isEqualTo(".assembler.options.esp_files[0].tree_path"));
  }

  @Test
  void theSchemeFollowsTheBootModeAndGptIsTheDefaultTableWithAnEsp() {
    assertThat(
            Qcow2Assembler.partitionScheme(
                Options.of(disk("uefi").put("esp_size", "64M")), EfiTarget.X86_64))
        .isEqualTo(PartitionScheme.efi(BootMode.UEFI, DataSize.ofMiB(64), EfiTarget.X86_64));
    assertThat(Qcow2Assembler.partitionScheme(Options.of(disk("hybrid")), EfiTarget.X86_64))
        .isEqualTo(PartitionScheme.efi(BootMode.HYBRID, DataSize.ofMiB(128), EfiTarget.X86_64));
    ObjectNode noBoot = disk("bios");
    noBoot.remove("boot");
    assertThat(Qcow2Assembler.partitionScheme(Options.of(noBoot), EfiTarget.X86_64))
        .isEqualTo(PartitionScheme.bios(PartitionTableType.MBR));
    assertThatThrownBy(
            () ->
                Qcow2Assembler.partitionScheme(
                    Options.of(disk("uefi").put("partition_table", "mbr")), EfiTarget.X86_64))
        .hasMessageContaining("partition_table");
  }

  @Test
  void theEspOptionsHaveDefaultsDerivedFromTheRootUuid() {
    EfiSystemPartition defaults = EfiSystemPartition.fromOptions(Options.of(disk("uefi")), ROOT);

    assertThat(defaults.size()).isEqualTo(DataSize.ofMiB(128));
    assertThat(defaults.label()).isEqualTo("ESP");
    assertThat(defaults.serial()).isEqualTo(new DiskIdentity(ROOT).espSerial());
    assertThat(defaults.files()).isEmpty();

    ObjectNode options = disk("uefi").put("esp_serial", "7a3e-01b2");
    var files = options.putArray("esp_files");
    files.addObject().put("tree_path", "/b").put("esp_path", "/EFI/BOOT/b.efi");
    files.addObject().put("tree_path", "/a").put("esp_path", "/EFI/BOOT/a.efi");
    EfiSystemPartition given = EfiSystemPartition.fromOptions(Options.of(options), ROOT);
    assertThat(given.serialText()).isEqualTo("7A3E-01B2");
    assertThat(given.files().keySet()).containsExactly("/EFI/BOOT/b.efi", "/EFI/BOOT/a.efi");
  }

  @Test
  void theSameEspPathTwiceIsRefusedWhateverItsCase() {
    ObjectNode options = disk("uefi");
    var files = options.putArray("esp_files");
    files.addObject().put("tree_path", "/a").put("esp_path", "/EFI/BOOT/x.efi");
    files.addObject().put("tree_path", "/b").put("esp_path", "/efi/boot/X.EFI");

    assertThatThrownBy(() -> EfiSystemPartition.fromOptions(Options.of(options), ROOT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("esp_files[1].esp_path");
  }

  @Test
  void aBiosDiskKeepsItsOptionsAndSoItsIdWhenBootIsLeftOutOrSpelledOut() {
    Assembler today =
        Assembler.of(
            "org.osbuild.qcow2",
            Json.object()
                .put("filename", "disk.qcow2")
                .put("root_fs_uuid", ROOT.toString())
                .put("size", 2147483648L));

    assertThat(
            Assemblers.qcow2("disk.qcow2")
                .rootFsUuid(ROOT)
                .size(DataSize.ofGiB(2))
                .boot(BootMode.BIOS)
                .toAssembler())
        .isEqualTo(today);
    assertThat(
            Assemblers.qcow2("disk.qcow2")
                .rootFsUuid(ROOT)
                .size(DataSize.ofGiB(2))
                .boot(BootMode.BIOS)
                .toAssembler()
                .options()
                .canonical())
        .isEqualTo(today.options().canonical());
  }

  @Test
  void aTypedUefiDiskWritesOnlyWhatDiffersFromTheDefaultsAndPassesItsSchema() {
    Assembler uefi =
        Assemblers.qcow2("disk.raw")
            .rootFsUuid(ROOT)
            .format(ImageFormat.RAW)
            .boot(BootMode.UEFI)
            .partitionTable(PartitionTableType.GPT)
            .espSize(DataSize.ofMiB(64))
            .espLabel("EFI")
            .espSerial("7A3E-01B2")
            .espFile("/usr/lib/shim/shimx64.efi.signed", "/EFI/BOOT/BOOTX64.EFI")
            .toAssembler();

    ObjectNode expected =
        Json.object()
            .put("filename", "disk.raw")
            .put("root_fs_uuid", ROOT.toString())
            .put("format", "raw")
            .put("boot", "uefi")
            .put("esp_size", 67108864L)
            .put("esp_label", "EFI")
            .put("esp_serial", "7A3E-01B2");
    expected
        .putArray("esp_files")
        .addObject()
        .put("tree_path", "/usr/lib/shim/shimx64.efi.signed")
        .put("esp_path", "/EFI/BOOT/BOOTX64.EFI");
    assertThat(uefi.options().json()).isEqualTo(expected);
    assertThat(problems(uefi.options().json())).isEmpty();
    assertThatThrownBy(() -> Assemblers.qcow2("d").rootFsUuid(ROOT).espLabel("ESP").toAssembler())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("BIOS");
  }

  @Test
  void theToolsFollowTheBootMode() {
    assertThat(packages(disk("uefi")))
        .contains("dosfstools", "mtools", "grub-efi-amd64-bin", "grub-common", "fdisk")
        .doesNotContain("grub-pc-bin");
    assertThat(packages(disk("hybrid")))
        .contains("dosfstools", "mtools", "grub-efi-amd64-bin", "grub-pc-bin");
    assertThat(packages(disk("bios"))).doesNotContain("dosfstools", "mtools", "grub-efi-amd64-bin");
    assertThat(new Qcow2Assembler().requiredTools(Options.of(disk("uefi"))))
        .contains(
            HostTool.of("/usr/lib/grub/x86_64-efi/kernel.img", "grub-efi-amd64-bin"),
            HostTool.of("mkfs.fat", "dosfstools"),
            HostTool.of("mcopy", "mtools"));
  }

  private static List<String> packages(ObjectNode options) {
    return new Qcow2Assembler()
        .requiredTools(Options.of(options)).stream().map(HostTool::debianPackage).toList();
  }

  @Test
  void grubForUefiIsMadeForTheTargetsPlatformWithItsModulesAndTheSameEarlyConfig() {
    assertThat(GrubEfiBootLoader.mkimageArguments(EfiTarget.X86_64, "/o/loader", "/o/early.cfg"))
        .startsWith(
            "grub-mkimage",
            "-O",
            "x86_64-efi",
            "-d",
            "/usr/lib/grub/x86_64-efi",
            "-o",
            "/o/loader",
            "-c",
            "/o/early.cfg",
            "-p",
            "/boot/grub")
        .contains("part_gpt", "fat", "ext2", "search", "normal", "linux", "efi_gop", "serial")
        .doesNotContain("biosdisk");
    assertThat(
            GrubEfiBootLoader.mkimageArguments(
                EfiTarget.ARM64.withGrubModuleDirectory("/x/arm64-efi"), "/o/l", "/o/e"))
        .containsSubsequence("-O", "arm64-efi", "-d", "/x/arm64-efi")
        .doesNotContain("efi_uga");
  }

  @Test
  void theEspIsCopiedIntoTheDiskWithItsZeroBlocksLeftAsHoles(@TempDir Path dir) throws IOException {
    byte[] esp = new byte[512 * 1024];
    esp[0] = 1;
    esp[300 * 1024] = 2;
    Path from = Files.write(dir.resolve("esp.img"), esp);
    Path disk = dir.resolve("disk.raw");
    try (var file = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
      file.setLength(4 << 20);
    }

    assertThat(EfiSystemPartition.copySparse(from, disk, 1 << 20)).isEqualTo(esp.length);

    byte[] written = Files.readAllBytes(disk);
    assertThat(written[1 << 20]).isEqualTo((byte) 1);
    assertThat(written[(1 << 20) + 300 * 1024]).isEqualTo((byte) 2);
    assertThat(Files.size(disk)).isEqualTo(4 << 20);
    Object blocks = Files.getAttribute(disk, "unix:size");
    assertThat(blocks).isEqualTo(4L << 20);
    assertThat(allocatedBytes(disk)).as("allocated bytes").isLessThan(512 * 1024);
  }

  private static long allocatedBytes(Path file) throws IOException {
    try {
      Process du = new ProcessBuilder("du", "-B1", "--", file.toString()).start();
      String out = new String(du.getInputStream().readAllBytes()).split("\\s+")[0];
      du.waitFor();
      return Long.parseLong(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Test
  void espOptionsReachTheTypedHelpersUnchanged() {
    assertThat(
            Assemblers.qcow2("d")
                .boot(BootMode.HYBRID)
                .espFile("/a", "/EFI/a")
                .espFile("/b", "/EFI/b")
                .esp()
                .files())
        .isEqualTo(Map.of("/EFI/a", "/a", "/EFI/b", "/b"));
  }

  @Test
  void secureBootIsAnOptionOfUefiAndHybridDisksOnly() {
    assertThat(problems(disk("uefi").put("secure_boot", true))).isEmpty();
    assertThat(problems(disk("hybrid").put("secure_boot", false))).isEmpty();
    assertThat(problems(disk("bios").put("secure_boot", true)))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".assembler.options.secure_boot"));
    assertThat(
            Assemblers.qcow2("d")
                .rootFsUuid(ROOT)
                .boot(BootMode.UEFI)
                .secureBoot(true)
                .toAssembler()
                .options()
                .json()
                .get("secure_boot")
                .asBoolean())
        .isTrue();
    assertThat(EfiSystemPartition.fromOptions(Options.of(disk("uefi")), ROOT).secureBoot())
        .isFalse();
  }

  @Test
  void signedGrubReadsAConfigurationThatFindsTheRootAndRunsItsGrubCfg() {
    assertThat(EfiSystemPartition.signedGrubConfig(ROOT))
        .isEqualTo(
            "search --no-floppy --fs-uuid --set=root 6e4ff95f-f662-45ee-a82a-bdf44a2d0b75\n"
                + "set prefix=($root)/boot/grub\n"
                + "configfile $prefix/grub.cfg\n");
    assertThat(EfiTarget.X86_64.signedShim()).isEqualTo("/usr/lib/shim/shimx64.efi.signed");
    assertThat(EfiTarget.X86_64.signedGrub())
        .isEqualTo("/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed");
  }
}
