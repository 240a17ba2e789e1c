package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osbuildj.core.assemblers.Assemblers;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.stages.options.FstabOptions.Filesystem;

/**
 * A stage made by a typed helper and the same stage read from a manifest are one value, with one
 * id.
 */
class StagesMatchManifestsTest {

  static List<StageHelperCases.Case> cases() {
    return StageHelperCases.all();
  }

  private static String manifest(StageHelperCases.Case c) {
    return "{\"stages\": [{\"name\": \"" + c.name() + "\", \"options\": " + c.optionsJson() + "}]}";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aPipelineOfTheHelpersStageEqualsTheManifestOfTheSameStageWithTheSameIds(
      StageHelperCases.Case c) {
    Pipeline fromJson = Manifest.read(manifest(c));

    Pipeline fromCode = Pipeline.builder().stage(c.helper()).build();

    assertThat(fromCode).isEqualTo(fromJson);
    assertThat(fromCode.stageIds()).isEqualTo(fromJson.stageIds());
    assertThat(c.helper().toStage()).isEqualTo(fromJson.stages().get(0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aHelpersStageWrittenAsAManifestReadsBackEqual(StageHelperCases.Case c) {
    Pipeline fromCode = Pipeline.builder().stage(c.helper()).build();

    assertThat(Manifest.read(Manifest.write(fromCode))).isEqualTo(fromCode);
  }

  @Test
  void theBookwormDiskSampleBuiltWithHelpersEqualsItsManifest() {
    String rootUuid = "6e4ff95f-f662-45ee-a82a-bdf44a2d0b75";
    Pipeline fromJson =
        Manifest.read(
            ("{'build': {'stages': [{'name': 'org.osbuild.mmdebstrap', 'options': "
                    + "{'suite': 'bookworm', 'variant': 'minbase', 'include': ['grub-pc-bin', 'e2fsprogs']}}]},"
                    + " 'stages': ["
                    + "{'name': 'org.osbuild.mmdebstrap', 'options': {'suite': 'bookworm', 'variant': 'minbase',"
                    + "  'include': ['linux-image-amd64', 'systemd-sysv', 'udev', 'e2fsprogs', 'locales']}},"
                    + "{'name': 'org.osbuild.users', 'options': {'users': {'root': {'password': '"
                    + StageHelperCases.HASH
                    + "'}}}},"
                    + "{'name': 'org.osbuild.hostname', 'options': {'hostname': 'osbuild-demo'}},"
                    + "{'name': 'org.osbuild.fstab', 'options': {'filesystems': [{'uuid': '"
                    + rootUuid
                    + "', 'path': '/',"
                    + "  'vfs_type': 'ext4', 'options': 'errors=remount-ro', 'passno': 1}]}},"
                    + "{'name': 'org.osbuild.grub2', 'options': {'root_fs_uuid': '"
                    + rootUuid
                    + "', 'serial_console': true,"
                    + "  'timeout': 1}},"
                    + "{'name': 'org.osbuild.systemd', 'options': {'default_target': 'multi-user.target'}}],"
                    + " 'assembler': {'name': 'org.osbuild.qcow2', 'options': {'filename': 'disk.qcow2',"
                    + "  'root_fs_uuid': '"
                    + rootUuid
                    + "', 'size': 2147483648}}}")
                .replace('\'', '"'));

    Pipeline build =
        Pipeline.builder()
            .stage(
                Stages.mmdebstrap("bookworm")
                    .withVariant("minbase")
                    .withInclude("grub-pc-bin", "e2fsprogs"))
            .build();
    Pipeline fromCode =
        Pipeline.builder()
            .buildPipeline(build)
            .stage(
                Stages.mmdebstrap("bookworm")
                    .withVariant("minbase")
                    .withInclude(
                        "linux-image-amd64", "systemd-sysv", "udev", "e2fsprogs", "locales"))
            .stage(Stages.users().user("root", user -> user.withPassword(StageHelperCases.HASH)))
            .stage(Stages.hostname("osbuild-demo"))
            .stage(
                Stages.fstab()
                    .addFilesystem(
                        Filesystem.uuid(rootUuid, "/", "ext4")
                            .withOptions("errors=remount-ro")
                            .withPassno(1)))
            .stage(Stages.grub2(rootUuid).withSerialConsole(true).withTimeout(1))
            .stage(Stages.systemd().withDefaultTarget("multi-user.target"))
            .assembler(
                Assemblers.qcow2("disk.qcow2")
                    .rootFsUuid(UUID.fromString(rootUuid))
                    .size(DataSize.ofGiB(2)))
            .build();

    assertThat(fromCode).isEqualTo(fromJson);
    assertThat(fromCode.buildId()).isEqualTo(fromJson.buildId());
    assertThat(fromCode.stageIds()).isEqualTo(fromJson.stageIds());
    assertThat(fromCode.assemblerId()).isEqualTo(fromJson.assemblerId());
  }

  @Test
  void optionsSetInAnotherOrderMakeTheSameStage() {
    var a =
        Stages.mmdebstrap("bookworm")
            .withVariant("minbase")
            .withInclude("udev")
            .withMirror("http://m/debian");
    var b =
        Stages.mmdebstrap("bookworm")
            .withMirror("http://m/debian")
            .withInclude("udev")
            .withVariant("minbase");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(Pipeline.builder().stage(a).build().stageIds())
        .isEqualTo(Pipeline.builder().stage(b).build().stageIds());
  }

  @Test
  void aStageSpeltOutWithItsDefaultsIsADifferentStageAsInAManifest() {
    Pipeline spelt =
        Manifest.read(
            "{\"stages\": [{\"name\": \"org.osbuild.apt\", \"options\": {\"update\": true}}]}");

    assertThat(Pipeline.builder().stage(Stages.apt().withUpdate(true)).build()).isEqualTo(spelt);
    assertThat(Pipeline.builder().stage(Stages.apt()).build().stageIds())
        .isNotEqualTo(spelt.stageIds());
  }
}
