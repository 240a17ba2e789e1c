package org.osbuildj.core.selinux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.FileLabel;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.core.testing.LabelRecordingIsolation;
import org.osbuildj.core.testing.StageHarness;

class SelinuxStageTest {
  private static final String FILE_CONTEXTS = "etc/selinux/default/contexts/files/file_contexts";
  private static final Path HOST_POLICY = Path.of("/etc/selinux/default/contexts/files");

  @TempDir Path tree;

  private static StageHarness stage(String fileContexts, LabelRecordingIsolation isolation) {
    return StageHarness.of(new SelinuxStage())
        .options(Stages.selinux(fileContexts).options())
        .isolation(isolation);
  }

  private void policyFile() throws Exception {
    Files.createDirectories(tree.resolve(FILE_CONTEXTS).getParent());
    Files.writeString(tree.resolve(FILE_CONTEXTS), "/.* system_u:object_r:default_t:s0\n");
  }

  @Test
  void setfilesComputesTheLabelsWithoutChangingAnythingAndTheSandboxWritesThem() throws Exception {
    policyFile();
    String root = tree.toString();
    LabelRecordingIsolation isolation =
        LabelRecordingIsolation.printing(
            ("Would relabel "
                    + root
                    + " from (null) to system_u:object_r:root_t:s0\n"
                    + "Would relabel "
                    + root
                    + "/etc from (null) to system_u:object_r:etc_t:s0\n")
                .getBytes(UTF_8));

    List<String> log = stage(FILE_CONTEXTS, isolation).run(tree);

    assertThat(isolation.capturedCommands())
        .singleElement()
        .satisfies(
            command ->
                assertThat(command.argv())
                    .containsExactly(
                        "setfiles",
                        "-n",
                        "-v",
                        "-F",
                        "-r",
                        root,
                        root + "/" + FILE_CONTEXTS,
                        root));
    assertThat(isolation.labels())
        .containsExactly(
            FileLabel.of("", "system_u:object_r:root_t:s0"),
            FileLabel.of("etc", "system_u:object_r:etc_t:s0"));
    assertThat(log).contains("labelled 2 entries");
  }

  @Test
  void theFileContextsPathIsInTheTreeWithItsLinksFollowedThere() throws Exception {
    policyFile();
    Files.createDirectories(tree.resolve("usr/share"));
    // Absolute, as a package would make it: it must lead into the tree, not the build root.
    Files.createSymbolicLink(tree.resolve("usr/share/fc"), Path.of("/" + FILE_CONTEXTS));
    LabelRecordingIsolation isolation = LabelRecordingIsolation.printing(new byte[0]);

    stage("/usr/share/fc", isolation).run(tree);

    assertThat(isolation.capturedCommands().get(0).argv().get(6))
        .isEqualTo(tree + "/" + FILE_CONTEXTS);
  }

  @Test
  void aTreeWithoutTheFileContextsFailsSayingWhatToInstall() {
    LabelRecordingIsolation isolation = LabelRecordingIsolation.printing(new byte[0]);

    assertThatThrownBy(() -> stage(FILE_CONTEXTS, isolation).run(tree))
        .hasMessageContaining(
            "file_contexts: the tree has no file " + FILE_CONTEXTS + " (install the SELinux policy")
        .hasMessageContaining("selinux-policy-default");
    assertThat(isolation.capturedCommands()).isEmpty();
  }

  @Test
  void aNameWithALineBreakIsRefusedBeforeSetfilesRuns() throws Exception {
    policyFile();
    Files.createDirectories(tree.resolve("srv"));
    Files.writeString(tree.resolve("srv/two\nlines"), "");
    LabelRecordingIsolation isolation = LabelRecordingIsolation.printing(new byte[0]);

    assertThatThrownBy(() -> stage(FILE_CONTEXTS, isolation).run(tree))
        .hasMessageContaining(
            "cannot label /srv/two\\nlines: its name holds a line break, and setfiles prints one"
                + " entry per line");
    assertThat(isolation.capturedCommands()).isEmpty();
  }

  @Test
  void optionsWithoutFileContextsOrWithALineBreakAreRefusedWithTheirPath() {
    var validator = new org.osbuildj.core.executor.OptionsValidator();
    var stage = new SelinuxStage();

    assertThat(
            validator.validate(
                stage, org.osbuildj.core.pipeline.Options.empty(), ".stages[0].options"))
        .extracting(Object::toString)
        .singleElement()
        .asString()
        .contains(".stages[0].options")
        .contains("file_contexts");
    assertThat(
            validator.validate(
                stage, Stages.selinux("etc/file_contexts\n").options(), ".stages[0].options"))
        .extracting(Object::toString)
        .singleElement()
        .asString()
        .contains(".stages[0].options.file_contexts");
  }

  @Test
  void theOptionsAreThoseOfTheSeedsSample() {
    assertThat(
            Stages.selinux("etc/selinux/targeted/contexts/files/file_contexts")
                .options()
                .canonical())
        .isEqualTo("{\"file_contexts\":\"etc/selinux/targeted/contexts/files/file_contexts\"}");
  }

  /**
   * The real setfiles of this host (Debian's policycoreutils) with the real policy
   * (selinux-policy-default), copied into a small tree: no root needed, since nothing is written.
   */
  @Test
  void theRealSetfilesGivesThePolicysLabelsForEveryKindOfEntry() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/sbin/setfiles")),
        "needs setfiles: apt-get install policycoreutils");
    assumeTrue(
        Files.isRegularFile(HOST_POLICY.resolve("file_contexts")),
        "needs a policy: apt-get install selinux-policy-default");
    Path policy = Files.createDirectories(tree.resolve(FILE_CONTEXTS).getParent());
    try (var files = Files.list(HOST_POLICY)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, policy.resolve(file.getFileName()));
      }
    }
    Files.createDirectories(tree.resolve("usr/bin"));
    Files.writeString(tree.resolve("etc/shadow"), "root:*:19000:0:99999:7:::\n");
    Files.writeString(tree.resolve("usr/bin/true"), "");
    Files.createSymbolicLink(tree.resolve("bin"), Path.of("usr/bin"));
    Files.createSymbolicLink(tree.resolve("etc/mtab"), Path.of("/proc/self/mounts"));
    Files.createDirectories(tree.resolve("tmp"));
    Files.writeString(tree.resolve("tmp/scratch"), "");
    NamesOnDisk.create(tree.resolve("usr/bin"), new byte[] {'c', 'a', 'f', (byte) 0xe9});

    LabelRecordingIsolation isolation = LabelRecordingIsolation.runningCommands();
    stage(FILE_CONTEXTS, isolation).run(tree);

    Map<String, String> byPath =
        isolation.labels().stream()
            .collect(
                Collectors.toMap(
                    label -> new String(label.path(), java.nio.charset.StandardCharsets.ISO_8859_1),
                    FileLabel::context));
    assertThat(byPath)
        .containsEntry("", "system_u:object_r:root_t:s0")
        .containsEntry("etc", "system_u:object_r:etc_t:s0")
        .containsEntry("etc/shadow", "system_u:object_r:shadow_t:s0")
        // The policy's /etc/mtab rule (etc_runtime_t) is for regular files only ("--"): a link
        // falls back on /etc's.
        .containsEntry("etc/mtab", "system_u:object_r:etc_t:s0")
        .containsEntry("bin", "system_u:object_r:bin_t:s0")
        .containsEntry("usr/bin/true", "system_u:object_r:bin_t:s0")
        .containsEntry("usr/bin/caf\u00e9", "system_u:object_r:bin_t:s0")
        .containsEntry("tmp", "system_u:object_r:tmp_t:s0")
        .containsEntry(FILE_CONTEXTS, "system_u:object_r:file_context_t:s0")
        // /tmp/.* is <<none>> in the policy: setfiles leaves it alone.
        .doesNotContainKey("tmp/scratch");
  }
}
