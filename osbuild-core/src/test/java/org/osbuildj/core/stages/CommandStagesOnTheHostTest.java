package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.IsolationException;
import org.osbuildj.core.testing.StageHarness;

/**
 * The stages that run the image's programs, where they cannot: a tree without the program, or the
 * host isolation, which cannot enter a tree. Their real work is tested on Debian trees in
 * osbuild-examples.
 */
class CommandStagesOnTheHostTest {
  @TempDir Path tree;

  @Test
  void usersInATreeWithoutUseraddFailsNamingTheProgramAndItsPackage() {
    assertThatThrownBy(
            () ->
                StageHarness.of(new UsersStage())
                    .options(
                        Stages.users().user("alice", user -> user.uid(1000)).toStage().options())
                    .run(tree))
        .hasMessageContaining("/usr/sbin/useradd")
        .hasMessageContaining("passwd");
  }

  @Test
  void systemdInATreeWithoutSystemctlFailsNamingIt() {
    assertThatThrownBy(
            () ->
                StageHarness.of(new SystemdStage())
                    .options(Stages.systemd().enable("ssh.service").toStage().options())
                    .run(tree))
        .hasMessageContaining("/usr/bin/systemctl");
  }

  @Test
  void groupsInATreeWithoutGroupaddFailsNamingIt() {
    assertThatThrownBy(
            () ->
                StageHarness.of(new GroupsStage())
                    .options(Stages.groups().group("admins", 2000).toStage().options())
                    .run(tree))
        .hasMessageContaining("/usr/sbin/groupadd");
  }

  @Test
  void aScriptThatCannotEnterTheTreeLeavesNoScriptAndNoTmpBehind(@TempDir Path decoy) {
    // Were the script run on the host after all, it would touch this sacrificial marker.
    Path marker = decoy.resolve("ran-on-the-host");

    assertThatThrownBy(
            () ->
                StageHarness.of(new ScriptStage())
                    .options(Stages.script("touch " + marker + "\n").options())
                    .run(tree))
        .isInstanceOf(IsolationException.class);

    assertThat(tree).isEmptyDirectory();
    assertThat(marker).doesNotExist();
  }

  @Test
  void aScriptLeavesAnExistingTmpInPlace() throws Exception {
    Files.createDirectories(tree.resolve("tmp"));

    assertThatThrownBy(
            () ->
                StageHarness.of(new ScriptStage())
                    .options(Stages.script("true\n").options())
                    .run(tree))
        .isInstanceOf(IsolationException.class);

    assertThat(tree.resolve("tmp")).isEmptyDirectory();
  }
}
