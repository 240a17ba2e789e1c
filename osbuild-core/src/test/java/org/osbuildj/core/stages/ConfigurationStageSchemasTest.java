package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osbuildj.core.executor.OptionsValidator;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.pipeline.StageSource;
import org.osbuildj.core.spi.StepImplementation;

/**
 * The configuration stages' schemas, as a manifest's author meets them: problems with JSON paths.
 */
class ConfigurationStageSchemasTest {
  private static final String OPTIONS = ".stages[0].options";
  private static final String UUID = "6a0d9c8e-3f0b-4c55-9b1c-2f8e1a7d4b21";
  private final OptionsValidator validator = new OptionsValidator();

  private List<Problem> problems(StepImplementation stage, ObjectNode options) {
    return validator.validate(stage, Options.of(options), OPTIONS);
  }

  private List<Problem> problems(StepImplementation stage, StageSource source) {
    return validator.validate(stage, source.toStage().options(), OPTIONS);
  }

  private static ObjectNode users(String name, ObjectNode user) {
    ObjectNode options = Json.object();
    options.putObject("users").set(name, user);
    return options;
  }

  @Test
  void whatTheTypedBuildersMakeIsValid() {
    assertThat(
            problems(
                new UsersStage(),
                Stages.users()
                    .user(
                        "alice",
                        u ->
                            u.uid(1000)
                                .gid(1000)
                                .groups("sudo")
                                .description("Alice")
                                .home("/home/alice")
                                .shell("/bin/bash")
                                .password("$y$j9T$abc$def")
                                .key("ssh-ed25519 AAAA a@b"))))
        .isEmpty();
    assertThat(problems(new GroupsStage(), Stages.groups().group("admins", 2000).group("staff")))
        .isEmpty();
    assertThat(
            problems(
                new FstabStage(),
                Stages.fstab()
                    .uuid(UUID, "/", "ext4", "defaults", 0, 1)
                    .label("ESP", "/boot/efi", "vfat", null, 0, 2)))
        .isEmpty();
    assertThat(
            problems(
                new SystemdStage(),
                Stages.systemd()
                    .enable("getty@ttyS0.service")
                    .disable("a.timer")
                    .mask("b.socket")
                    .defaultTarget("multi-user.target")))
        .isEmpty();
    assertThat(
            problems(
                new KernelCmdlineStage(),
                Json.object().put("root_fs_uuid", UUID).put("kernel_opts", "ro quiet")))
        .isEmpty();
    assertThat(problems(new MkdirStage(), Stages.mkdir().path("/srv/data", 0750, true, true)))
        .isEmpty();
    assertThat(
            problems(
                new ChmodStage(),
                Stages.chmod().item("/usr/bin/x", "u+x,go-w", false).item("/etc", "0755", true)))
        .isEmpty();
    assertThat(
            problems(
                new CopyStage(),
                Stages.copy().text("/etc/motd", "hi", 0644).bytes("/bin/x", new byte[] {1}, 0755)))
        .isEmpty();
    assertThat(
            problems(
                new Grub2Stage(),
                Stages.grub2(UUID).kernelOpts("quiet").timeout(0).serialConsole()))
        .isEmpty();
    assertThat(problems(new KeymapStage(), Json.object().put("keymap", "de-latin1"))).isEmpty();
  }

  @Test
  void aUidOfTheWrongTypeIsAProblemAtTheUsersPath() {
    List<Problem> problems =
        problems(new UsersStage(), users("alice", Json.object().put("uid", "1000")));

    assertThat(problems)
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.path()).isEqualTo(".stages[0].options.users.alice.uid");
              assertThat(problem.message()).contains("integer");
            });
  }

  @Test
  void anUnknownUserSettingIsAProblemNamingIt() {
    assertThat(problems(new UsersStage(), users("alice", Json.object().put("admin", true))))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.path()).startsWith(".stages[0].options.users.alice");
              assertThat(problem.toString()).contains("admin");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"-alice", "al ice", "alice\n", "../root", "", "a:b"})
  void userNamesUseraddWouldRefuseAreProblems(String name) {
    assertThat(problems(new UsersStage(), users(name, Json.object())))
        .isNotEmpty()
        .allSatisfy(problem -> assertThat(problem.path()).startsWith(".stages[0].options.users"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice:x:0:0", "line\nbreak"})
  void aDescriptionThatWouldBreakPasswdIsAProblemAtItsPath(String description) {
    assertThat(
            problems(
                new UsersStage(), users("alice", Json.object().put("description", description))))
        .singleElement()
        .satisfies(
            problem ->
                assertThat(problem.path()).isEqualTo(".stages[0].options.users.alice.description"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"relative/dir", "/srv/../etc", "/srv/./x", "/srv//x", "/srv/", "/", "/srv\n"})
  void pathsThatAreNotAbsoluteAndNormalAreProblems(String path) {
    ObjectNode options = Json.object();
    options.putArray("paths").addObject().put("path", path);

    assertThat(problems(new MkdirStage(), options))
        .isNotEmpty()
        .allSatisfy(
            problem -> assertThat(problem.path()).startsWith(".stages[0].options.paths[0]"));
  }

  @Test
  void aFilesystemNeedsExactlyOneSourceAndAMountPoint() {
    ObjectNode both = Json.object();
    both.putArray("filesystems")
        .addObject()
        .put("uuid", UUID)
        .put("label", "root")
        .put("path", "/")
        .put("vfs_type", "ext4");
    ObjectNode none = Json.object();
    none.putArray("filesystems").addObject().put("path", "/").put("vfs_type", "ext4");

    assertThat(problems(new FstabStage(), both))
        .isNotEmpty()
        .allSatisfy(
            problem -> assertThat(problem.path()).startsWith(".stages[0].options.filesystems[0]"));
    assertThat(problems(new FstabStage(), none)).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"u+y", "0758", "rwx", "u+x\n", "755 "})
  void chmodModesChmodWouldRefuseAreProblems(String mode) {
    ObjectNode options = Json.object();
    options.putObject("items").putObject("/etc").put("mode", mode);

    assertThat(problems(new ChmodStage(), options)).isNotEmpty();
  }

  @Test
  void aCopiedFileNeedsExactlyOneKindOfContent() {
    ObjectNode both = Json.object();
    both.putArray("files")
        .addObject()
        .put("path", "/x")
        .put("content", "a")
        .put("content_base64", "YQ==");
    ObjectNode none = Json.object();
    none.putArray("files").addObject().put("path", "/x");

    assertThat(problems(new CopyStage(), both)).isNotEmpty();
    assertThat(problems(new CopyStage(), none)).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-uuid", "6a0d9c8e-3f0b-4c55-9b1c-2f8e1a7d4b21\n", ""})
  void aRootUuidThatIsNotAUuidIsAProblemAtItsPath(String uuid) {
    assertThat(problems(new Grub2Stage(), Json.object().put("root_fs_uuid", uuid)))
        .singleElement()
        .satisfies(
            problem -> assertThat(problem.path()).isEqualTo(".stages[0].options.root_fs_uuid"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"quiet\ninit=/bin/sh", "a\"b", "$(reboot)", "`id`"})
  void kernelOptionsThatCouldBreakAConfigFileAreProblems(String opts) {
    assertThat(
            problems(
                new Grub2Stage(), Json.object().put("root_fs_uuid", UUID).put("kernel_opts", opts)))
        .singleElement()
        .satisfies(
            problem -> assertThat(problem.path()).isEqualTo(".stages[0].options.kernel_opts"));
  }

  @Test
  void aKernelCmdlineWithNeitherOptionIsAProblem() {
    assertThat(problems(new KernelCmdlineStage(), Json.object())).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"multi-user", "graphical.target\n", "../x.target"})
  void aDefaultTargetThatIsNotATargetNameIsAProblem(String target) {
    assertThat(problems(new SystemdStage(), Json.object().put("default_target", target)))
        .singleElement()
        .satisfies(
            problem -> assertThat(problem.path()).isEqualTo(".stages[0].options.default_target"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"us\nFONT=x", "us de", "", "\"us\""})
  void keymapsThatCouldBreakTheFileAreProblems(String keymap) {
    assertThat(problems(new KeymapStage(), Json.object().put("keymap", keymap)))
        .singleElement()
        .satisfies(problem -> assertThat(problem.path()).isEqualTo(".stages[0].options.keymap"));
  }
}
