package org.osbuildj.core.assemblers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.disk.ImageFormat;
import org.osbuildj.core.disk.PartitionTableType;
import org.osbuildj.core.executor.OptionsValidator;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.Options;

class DiskAssemblerOptionsTest {
  private static final UUID ROOT = UUID.fromString("6e4ff95f-f662-45ee-a82a-bdf44a2d0b75");
  private final OptionsValidator validator = new OptionsValidator();

  private static ObjectNode disk() {
    return Json.object()
        .put("filename", "disk.qcow2")
        .put("root_fs_uuid", ROOT.toString())
        .put("size", "2G");
  }

  private List<Problem> qcow2Problems(ObjectNode options) {
    return validator.validate(new Qcow2Assembler(), Options.of(options), ".assembler.options");
  }

  private List<Problem> rawfsProblems(ObjectNode options) {
    return validator.validate(new RawfsAssembler(), Options.of(options), ".assembler.options");
  }

  @Test
  void theSeedsQcow2OptionsAreAccepted() {
    assertThat(qcow2Problems(disk().put("size", 3221225472L))).isEmpty();
  }

  @Test
  void theSeedsQcow2OptionsWithoutSizeAreAcceptedButRawfsStillNeedsOne() {
    ObjectNode seed = disk();
    seed.remove("size");

    assertThat(qcow2Problems(seed)).isEmpty();
    assertThat(rawfsProblems(seed))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("size"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2G", "2048M", "512K", "1T", "1073741824"})
  void sizesAsTextWithABinaryUnitAreAccepted(String size) {
    assertThat(qcow2Problems(disk().put("size", size))).isEmpty();
    assertThat(rawfsProblems(disk().put("size", size))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2 G", "2GB", "2g", "big", "", "-1", "2G\n"})
  void sizesThatDataSizeCannotReadAreProblemsAtTheSizePath(String size) {
    assertThat(qcow2Problems(disk().put("size", size)))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.path()).isEqualTo(".assembler.options.size"));
  }

  @Test
  void aZeroNegativeOrFractionalSizeIsAProblem() {
    assertThat(qcow2Problems(disk().put("size", 0))).isNotEmpty();
    assertThat(qcow2Problems(disk().put("size", -512))).isNotEmpty();
    assertThat(qcow2Problems(disk().put("size", 1.5))).isNotEmpty();
  }

  @Test
  void everyFormatAndPartitionTableHasItsEnumValue() {
    for (ImageFormat format : ImageFormat.values()) {
      assertThat(qcow2Problems(disk().put("format", format.optionValue())))
          .as(format.name())
          .isEmpty();
    }
    for (PartitionTableType table : PartitionTableType.values()) {
      assertThat(qcow2Problems(disk().put("partition_table", table.optionValue())))
          .as(table.name())
          .isEmpty();
    }
    assertThat(qcow2Problems(disk().put("format", "vhdx")))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".assembler.options.format"));
    assertThat(qcow2Problems(disk().put("partition_table", "dos")))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".assembler.options.partition_table"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "6e4ff95f",
        "6e4ff95f-f662-45ee-a82a-bdf44a2d0b75\n",
        "{6e4ff95f-f662-45ee-a82a-bdf44a2d0b75}",
        "6e4ff95ff66245eea82abdf44a2d0b75"
      })
  void aRootUuidThatIsNotAUuidIsAProblem(String uuid) {
    assertThat(qcow2Problems(disk().put("root_fs_uuid", uuid)))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".assembler.options.root_fs_uuid"));
  }

  @Test
  void filenameAndUuidAreRequiredAndUnknownOptionsRefused() {
    for (String required : List.of("filename", "root_fs_uuid")) {
      ObjectNode options = disk();
      options.remove(required);
      assertThat(qcow2Problems(options))
          .as(required)
          .singleElement()
          .satisfies(p -> assertThat(p.message()).contains(required));
      assertThat(rawfsProblems(options)).as(required).isNotEmpty();
    }
    assertThat(qcow2Problems(disk().put("ptuuid", "x"))).isNotEmpty();
    assertThat(rawfsProblems(disk().put("format", "raw"))).as("rawfs has no format").isNotEmpty();
  }

  @Test
  void aPathAsFilenameIsAProblem() {
    assertThat(qcow2Problems(disk().put("filename", "../disk.qcow2"))).isNotEmpty();
    assertThat(rawfsProblems(disk().put("filename", ".hidden"))).isNotEmpty();
  }

  @Test
  void typedDiskAssemblersEqualTheSameAssemblersBuiltByNameWithDefaultsLeftOut() {
    Assembler typed =
        Assemblers.qcow2("disk.qcow2").rootFsUuid(ROOT).size(DataSize.ofGiB(2)).toAssembler();

    assertThat(typed)
        .isEqualTo(
            Assembler.of(
                "org.osbuild.qcow2",
                Json.object()
                    .put("filename", "disk.qcow2")
                    .put("root_fs_uuid", ROOT.toString())
                    .put("size", 2147483648L)));
    assertThat(
            Assemblers.qcow2("disk.qcow2")
                .rootFsUuid(ROOT)
                .size(DataSize.ofGiB(2))
                .format(ImageFormat.QCOW2)
                .partitionTable(PartitionTableType.MBR)
                .toAssembler())
        .isEqualTo(typed);
    assertThat(
            Assemblers.qcow2("disk.raw")
                .rootFsUuid(ROOT)
                .size(DataSize.ofGiB(2))
                .format(ImageFormat.RAW)
                .partitionTable(PartitionTableType.GPT)
                .toAssembler()
                .options()
                .json())
        .isEqualTo(
            Json.object()
                .put("filename", "disk.raw")
                .put("root_fs_uuid", ROOT.toString())
                .put("size", 2147483648L)
                .put("format", "raw")
                .put("partition_table", "gpt"));
    assertThat(Assemblers.rawfs("root.ext4", ROOT, DataSize.ofMiB(512)).toAssembler())
        .isEqualTo(
            Assembler.of(
                "org.osbuild.rawfs",
                Json.object()
                    .put("filename", "root.ext4")
                    .put("root_fs_uuid", ROOT.toString())
                    .put("size", 536870912L)));
  }

  @Test
  void typedOptionsPassTheirOwnSchemas() {
    assertThat(
            qcow2Problems(
                Assemblers.qcow2("d.vmdk")
                    .rootFsUuid(ROOT)
                    .size(DataSize.ofGiB(1))
                    .format(ImageFormat.VMDK)
                    .partitionTable(PartitionTableType.GPT)
                    .toAssembler()
                    .options()
                    .json()))
        .isEmpty();
    assertThat(
            rawfsProblems(
                Assemblers.rawfs("r.ext4", ROOT, DataSize.ofMiB(64))
                    .toAssembler()
                    .options()
                    .json()))
        .isEmpty();
  }

  @Test
  void aDiskWithoutUuidCannotBecomeAnAssembler() {
    assertThatThrownBy(() -> Assemblers.qcow2("d.qcow2").size(DataSize.ofGiB(1)).toAssembler())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("UUID");
  }

  @Test
  void aTypedDiskWithoutSizeLeavesItOutAsTheSeedsManifestsDo() {
    Assembler typed = Assemblers.qcow2("base.qcow2").rootFsUuid(ROOT).toAssembler();

    assertThat(typed)
        .isEqualTo(
            Assembler.of(
                "org.osbuild.qcow2",
                Json.object().put("filename", "base.qcow2").put("root_fs_uuid", ROOT.toString())));
    assertThat(
            Assemblers.qcow2("base.qcow2")
                .rootFsUuid(ROOT)
                .size(DataSize.ofGiB(2))
                .sizedFromTree()
                .toAssembler())
        .isEqualTo(typed);
    assertThat(Assemblers.qcow2("base.qcow2").size()).isNull();
    assertThat(qcow2Problems(typed.options().json())).isEmpty();
  }

  @Test
  void bothDiskAssemblersAreFoundOnTheClassPathUnderTheirNames() {
    StageCatalog catalog = StageCatalog.fromClassPath();

    assertThat(catalog.assembler("org.osbuild.qcow2")).get().isInstanceOf(Qcow2Assembler.class);
    assertThat(catalog.assembler("org.osbuild.rawfs")).get().isInstanceOf(RawfsAssembler.class);
  }

  @Test
  void nonRawFormatsAreConvertedByQemuImgFromTheRawDisk() {
    assertThat(Qcow2Assembler.convertArguments(ImageFormat.QCOW2, "/o/r", "/o/d.qcow2"))
        .containsExactly("qemu-img", "convert", "-f", "raw", "-O", "qcow2", "/o/r", "/o/d.qcow2");
    assertThat(Qcow2Assembler.convertArguments(ImageFormat.VPC, "/o/r", "/o/d.vhd"))
        .containsSubsequence("-O", "vpc", "-o", "subformat=fixed,force_size=on");
  }

  @Test
  void theEarlyConfigFindsTheRootByUuidAndReadsItsGrubDirectory() {
    assertThat(GrubBiosBootLoader.earlyConfig(ROOT))
        .isEqualTo(
            "search --no-floppy --fs-uuid --set=root 6e4ff95f-f662-45ee-a82a-bdf44a2d0b75\nset prefix=($root)/boot/grub\n");
    assertThat(GrubBiosBootLoader.mkimageArguments("/o/core.img", "/o/early.cfg"))
        .containsSubsequence("-O", "i386-pc")
        .containsSubsequence("-p", "/boot/grub")
        .contains(
            "biosdisk", "part_msdos", "part_gpt", "ext2", "search_fs_uuid", "normal", "linux");
  }

  @Test
  void theToolsNeededAreDeclaredSoTheBuildChecksThemFirstAndOnlyNonRawFormatsNeedQemuImg() {
    assertThat(new Qcow2Assembler().requiredTools(Options.of(disk())))
        .extracting(org.osbuildj.core.host.HostTool::debianPackage)
        .contains("fdisk", "e2fsprogs", "grub-common", "grub-pc-bin", "qemu-utils");
    assertThat(new Qcow2Assembler().requiredTools(Options.of(disk().put("format", "raw"))))
        .extracting(org.osbuildj.core.host.HostTool::program)
        .doesNotContain("qemu-img");
    assertThat(new RawfsAssembler().requiredTools(Options.of(disk())))
        .extracting(org.osbuildj.core.host.HostTool::program)
        .contains("mke2fs", "debugfs")
        .doesNotContain("sfdisk");
  }
}
