package org.osbuildj.core.debian;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.executor.OptionsValidator;
import org.osbuildj.core.host.ForeignArchitecture;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.stages.Stages;

/** org.osbuild.mmdebstrap's initramfs policy and foreign architecture, as options and argv. */
class MmdebstrapForeignAndInitramfsTest {
  private static final String TREE = "/run/osbuild/tree";
  private static final String MIRROR = "http://m/debian";

  private static List<String> argv(Stage stage) {
    return MmdebstrapStage.arguments(stage.options(), TREE, MIRROR);
  }

  @Test
  void theInitramfsPolicyIsWrittenByAnEssentialHookBeforeTheKernelIsInstalled() {
    Stage stage =
        Stages.mmdebstrap("bookworm")
            .withVariant("minbase")
            .withInitramfs("list", List.of("virtio_pci", "virtio_blk", "ext4"), "ext4")
            .toStage();

    assertThat(stage.options().canonical())
        .isEqualTo(
            "{\"initramfs\":{\"fstype\":\"ext4\",\"include\":[\"virtio_pci\",\"virtio_blk\",\"ext4\"],"
                + "\"modules\":\"list\"},\"suite\":\"bookworm\",\"variant\":\"minbase\"}");
    assertThat(argv(stage))
        .containsSubsequence(
            "--essential-hook=mkdir -p \"$1/etc/initramfs-tools/conf.d\""
                + " && printf '%s\\n' MODULES=list FSTYPE=ext4"
                + " > \"$1/etc/initramfs-tools/conf.d/osbuild.conf\""
                + " && printf '%s\\n' virtio_pci virtio_blk ext4"
                + " >> \"$1/etc/initramfs-tools/modules\"",
            "--dpkgopt=force-confold",
            "--customize-hook=" + MmdebstrapStage.ONE_INITRAMFS_HOOK,
            "bookworm");
  }

  @Test
  void onlyTheGivenPartsOfThePolicyAreWritten() {
    Stage modulesOnly =
        Stages.mmdebstrap("bookworm").withInitramfs("dep", List.of(), null).toStage();
    Stage includeOnly =
        Stages.mmdebstrap("bookworm").withInitramfs(null, List.of("nvme"), null).toStage();

    assertThat(argv(modulesOnly))
        .contains(
            "--essential-hook=mkdir -p \"$1/etc/initramfs-tools/conf.d\""
                + " && printf '%s\\n' MODULES=dep"
                + " > \"$1/etc/initramfs-tools/conf.d/osbuild.conf\"")
        .doesNotContain("--dpkgopt=force-confold");
    assertThat(argv(includeOnly))
        .contains(
            "--essential-hook=mkdir -p \"$1/etc/initramfs-tools/conf.d\""
                + " && printf '%s\\n' nvme >> \"$1/etc/initramfs-tools/modules\"",
            "--dpkgopt=force-confold");
    assertThat(argv(Stages.mmdebstrap("bookworm").withInitramfs(null, null, null).toStage()))
        .noneMatch(arg -> arg.startsWith("--essential-hook"));
  }

  @Test
  void withoutThePolicyTheCommandLineAndTheIdAreThoseOfBefore() {
    Stage plain = Stages.mmdebstrap("bookworm").withVariant("minbase").toStage();

    assertThat(argv(plain))
        .noneMatch(arg -> arg.startsWith("--essential-hook") || arg.contains("force-confold"));
    assertThat(plain.options().canonical())
        .isEqualTo("{\"suite\":\"bookworm\",\"variant\":\"minbase\"}");
  }

  @Test
  void badPoliciesAreProblemsAtTheirJsonPaths() {
    OptionsValidator validator = new OptionsValidator();
    MmdebstrapStage stage = new MmdebstrapStage();

    List<Problem> badModules =
        validator.validate(
            stage,
            Options.of(
                Json.object()
                    .put("suite", "bookworm")
                    .set("initramfs", Json.object().put("modules", "all"))),
            ".stages[0].options");
    var include = Json.object();
    include.putArray("include").add("virtio_blk").add("ext4; rm -rf /");
    List<Problem> badModule =
        validator.validate(
            stage,
            Options.of(Json.object().put("suite", "bookworm").set("initramfs", include)),
            ".stages[0].options");
    List<Problem> unknown =
        validator.validate(
            stage,
            Options.of(
                Json.object()
                    .put("suite", "bookworm")
                    .set("initramfs", Json.object().put("compress", "zstd"))),
            ".stages[0].options");
    List<Problem> badFstype =
        validator.validate(
            stage,
            Options.of(
                Json.object()
                    .put("suite", "bookworm")
                    .set("initramfs", Json.object().put("fstype", "ext4\nMODULES=most"))),
            ".stages[0].options");

    assertThat(badModules)
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".stages[0].options.initramfs.modules"));
    assertThat(badModule)
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".stages[0].options.initramfs.include[1]"));
    assertThat(unknown).isNotEmpty();
    assertThat(unknown.get(0).path()).startsWith(".stages[0].options.initramfs");
    assertThat(badFstype)
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".stages[0].options.initramfs.fstype"));
  }

  @Test
  void aForeignArchitectureNeedsQemuOnTheHostAndIsNamedForTheExecutor() {
    MmdebstrapStage stage = new MmdebstrapStage();
    String foreign =
        ForeignArchitecture.host().orElseThrow().debianName().equals("arm64") ? "amd64" : "arm64";
    ForeignArchitecture arch = ForeignArchitecture.of(foreign).orElseThrow();
    Options options = Stages.mmdebstrap("bookworm").withArchitecture(foreign).toStage().options();
    Options native_ =
        Stages.mmdebstrap("bookworm")
            .withArchitecture(ForeignArchitecture.host().orElseThrow().debianName())
            .toStage()
            .options();

    assertThat(stage.architectures(options)).containsExactly(foreign);
    assertThat(stage.requiredTools(options))
        .containsExactly(
            HostTool.of("mmdebstrap", "mmdebstrap"),
            HostTool.of("qemu-" + arch.qemuName() + "-static", "qemu-user-static"),
            HostTool.of("/usr/share/binfmts/qemu-" + arch.qemuName(), "qemu-user-static"),
            HostTool.of("arch-test", "arch-test"));
    assertThat(stage.requiredTools(native_))
        .containsExactly(HostTool.of("mmdebstrap", "mmdebstrap"));
    assertThat(stage.architectures(Options.of(Json.object().put("suite", "bookworm")))).isEmpty();
    assertThat(argv(Stages.mmdebstrap("bookworm").withArchitecture(foreign).toStage()))
        .contains("--architectures=" + foreign);
  }
}
