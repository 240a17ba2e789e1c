package org.osbuildj.examples.debian;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.StageSource;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.core.testing.TreeDiff;

/**
 * {@code org.osbuild.ansible} for real: the host's {@code ansible-playbook} (Debian's {@code
 * ansible}, for the chroot connection) in the sandbox, against the shared bookworm tree with the
 * python3 Ansible's modules run with (and python3-apt, which its apt module needs), as a Fedora
 * tree of the seed's had them.
 */
@DebianTreeTest
class AnsibleStageOnDebianTest {
  /** What a tree needs for Ansible's modules: the seed's stage runs them with /usr/bin/python3. */
  private static final List<StageSource> PYTHON = List.of(Stages.apt("python3", "python3-apt"));

  private static final String PLAYBOOK =
      """
      - hosts: all
        tasks:
          - name: a file written by Ansible
            ansible.builtin.copy:
              dest: /etc/written-by-ansible
              content: "written by a playbook\\n"
              mode: "0640"
          - name: a Debian package installed by Ansible, from the mirror in the tree's apt sources
            ansible.builtin.apt:
              name: hello
              update_cache: true
      """;

  @Test
  void aPlaybookWritesAFileAndInstallsADebianPackageIntoTheTreeOverTheChrootConnection(
      DebianTrees trees) throws Exception {
    boolean hostHadAnsibleHome = Files.exists(Path.of(System.getProperty("user.home"), ".ansible"));
    trees.takeLog();

    TreeDiff diff = trees.diff(PYTHON, Stages.ansible(PLAYBOOK));
    List<String> log = trees.takeLog();

    diff.assertThat()
        .added("/etc/written-by-ansible", "/usr/bin/hello", "/var/lib/dpkg/info/hello.list")
        .afterSatisfies(
            "/etc/written-by-ansible",
            file -> {
              assertThat(file.text()).isEqualTo("written by a playbook\n");
              assertThat(file.mode()).isEqualTo(0640);
              assertThat(file.modified()).isBeforeOrEqualTo(DebianTrees.EPOCH);
            })
        .afterSatisfies(
            "/var/lib/dpkg/status",
            file ->
                assertThat(file.text()).contains("Package: hello\nStatus: install ok installed\n"))
        .unchanged("/etc/resolv.conf");
    assertThat(diff.added().keySet())
        .as("Ansible's own files stay out of the image, and so does the stage's policy-rc.d")
        .noneMatch(path -> path.startsWith("/root/.ansible"))
        .noneMatch(path -> path.startsWith("/tmp/"))
        .doesNotContain("/usr/sbin/policy-rc.d", "/etc/resolv.conf");
    if (!log.isEmpty()) {
      // Built now rather than taken from the store: ansible-playbook's own report.
      assertThat(String.join("\n", log))
          .contains("TASK [a file written by Ansible]")
          .containsPattern("osbuild-tree *: ok=\\d+ +changed=2 +unreachable=0 +failed=0");
    }
    assertThat(Files.exists(Path.of(System.getProperty("user.home"), ".ansible")))
        .as("Ansible's home on the host")
        .isEqualTo(hostHadAnsibleHome);
    assertThat(Path.of("/tmp/osbuild-ansible")).doesNotExist();
  }

  @Test
  void aPlaybookGivenAsJsonRunsTheSame(DebianTrees trees) throws Exception {
    var play = Json.object().put("hosts", "all").put("gather_facts", false);
    play.putArray("tasks")
        .addObject()
        .putObject("ansible.builtin.lineinfile")
        .put("path", "/etc/motd")
        .put("line", "configured by Ansible from JSON");
    var playbook = Json.mapper().createArrayNode().add(play);

    TreeDiff diff = trees.diff(PYTHON, Stages.ansible(playbook));

    diff.assertThat()
        .changed("/etc/motd", org.osbuildj.core.testing.TreeDiff.Change.CONTENT)
        .afterSatisfies(
            "/etc/motd",
            file -> assertThat(file.text()).endsWith("\nconfigured by Ansible from JSON\n"))
        .hasNoOtherChanges();
  }

  @Test
  void aTaskDelegatedToLocalhostRunsInTheSandboxNotOnTheHost(
      DebianTrees trees, @org.junit.jupiter.api.io.TempDir Path sacrificial) throws Exception {
    Path marker = sacrificial.resolve("written-from-a-playbook");
    String playbook =
        """
        - hosts: all
          gather_facts: false
          tasks:
            - ansible.builtin.copy:
                dest: %s
                content: "escaped\\n"
              delegate_to: localhost
              failed_when: false
        """
            .formatted(marker);

    trees.build(trees.onBase(PYTHON.get(0), Stages.ansible(playbook)));

    assertThat(marker).doesNotExist();
    assertThat(sacrificial).isEmptyDirectory();
  }

  @Test
  void aFailingTaskFailsTheStageWithAnsiblesMessage(DebianTrees trees) {
    String playbook =
        """
        - hosts: all
          gather_facts: false
          tasks:
            - ansible.builtin.command: /bin/false
        """;

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> trees.build(trees.onBase(PYTHON.get(0), Stages.ansible(playbook))))
        .hasMessageContaining("org.osbuild.ansible")
        .hasMessageContaining("failed=1");
  }
}
