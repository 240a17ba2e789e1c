package org.osbuildj.core.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osbuildj.core.debian.FileLoan;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.isolation.Capability;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.Schemas;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.spi.StageImplementation;
import org.osbuildj.core.tree.Tree;
import org.osbuildj.core.tree.TreeTimes;

/**
 * {@code org.osbuild.ansible}: runs the build root's {@code ansible-playbook} against the tree over
 * Ansible's chroot connection, as the osbuild seed's stage did: one host, {@code osbuild-tree},
 * whose modules run with the tree's {@code /usr/bin/python3}.
 *
 * <p>What Ansible writes for itself stays out of the host and the image: its home, local temporary
 * files and the playbook live in the sandbox's private {@code /tmp}; the modules it copies into the
 * tree go to {@code /tmp/.osbuild-ansible} there, removed afterwards. For the run only, the tree
 * gets {@code /proc}, {@code /dev} and {@code /sys} (mounted in the command's own namespaces), the
 * host's resolver configuration, and a {@code policy-rc.d} that keeps services a Debian package
 * installs from starting; the tree's own files are put back afterwards.
 *
 * <p>Ansible itself runs in the sandbox too: a task a playbook runs on {@code localhost} (with
 * {@code delegate_to} or {@code connection: local}) runs in the read-only build root, as the
 * sandbox's root, never on the host.
 */
public final class AnsibleStage implements StageImplementation {
  public static final String NAME = "org.osbuild.ansible";
  static final String WORK = "/tmp/osbuild-ansible";
  static final String REMOTE_TMP = "/tmp/.osbuild-ansible";
  static final String PYTHON = "/usr/bin/python3";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> optionsSchema() {
    return Optional.of(Schemas.resource(AnsibleStage.class, "org.osbuild.ansible.schema.json"));
  }

  /** A playbook may fetch anything (packages above all), as the seed's could. */
  @Override
  public boolean needsNetwork(Options options) {
    return true;
  }

  /**
   * Mounting {@code /proc}, {@code /dev} and {@code /sys} in the tree, in the command's own
   * namespaces.
   */
  @Override
  public Set<Capability> capabilities(Options options) {
    return Set.of(Capability.SYS_ADMIN);
  }

  /**
   * ansible-core alone has no chroot connection: it is {@code community.general.chroot}, in
   * Debian's {@code ansible} package.
   */
  @Override
  public List<HostTool> requiredTools(Options options) {
    return List.of(
        HostTool.of("ansible-playbook", "ansible"),
        HostTool.of(
            "/usr/lib/python3/dist-packages/ansible_collections/community/general/plugins/connection/chroot.py",
            "ansible"),
        HostTool.of("chroot", "coreutils"),
        HostTool.of("mount", "mount"));
  }

  @Override
  public void run(StageContext context) throws Exception {
    Tree tree = context.tree();
    if (!tree.isRegularFile(PYTHON)) {
      context.log(
          "warning: the tree has no "
              + PYTHON
              + ": Ansible's modules run with it (install python3 into the tree first); only"
              + " raw tasks without fact gathering can work");
    }
    List<String> made = new ArrayList<>();
    for (String dir : List.of("proc", "dev", "sys", "tmp", "etc")) {
      if (!tree.exists(dir)) made.add(dir);
    }
    try (FileLoan resolver = FileLoan.of(tree, "etc/resolv.conf", hostResolver(), 0644);
        FileLoan policy =
            tree.isDirectory("usr/sbin")
                ? FileLoan.of(
                    tree,
                    "usr/sbin/policy-rc.d",
                    "#!/bin/sh\n# osbuild: no services start while building\nexit 101\n",
                    0755)
                : null) {
      context.sandbox().exec(command(context)).orThrow();
    } finally {
      tree.deleteRecursively(REMOTE_TMP);
      for (String dir : made) {
        if (tree.isDirectory(dir) && tree.list(dir).isEmpty()) tree.delete(dir);
      }
    }
    if (context.sourceDateEpoch().isPresent()) {
      TreeTimes.clamp(tree, context.sourceDateEpoch().get());
    }
  }

  private static Command command(StageContext context) throws Exception {
    String script =
        "set -e\n"
            + "mkdir -p "
            + WORK
            + "/home "
            + WORK
            + "/local\n"
            + "cat > "
            + WORK
            + "/playbook.yml\n"
            + "printf 'osbuild-tree ansible_connection=chroot ansible_host=%s"
            + " ansible_python_interpreter="
            + PYTHON
            + "\\n' \"$OSBUILD_TREE\" > "
            + WORK
            + "/inventory\n"
            + "for d in proc dev sys; do mkdir -p \"$OSBUILD_TREE/$d\"; done\n"
            + "mount -t proc proc \"$OSBUILD_TREE/proc\"\n"
            + "mount --rbind /dev \"$OSBUILD_TREE/dev\"\n"
            + "mount --rbind /sys \"$OSBUILD_TREE/sys\"\n"
            + "cd "
            + WORK
            + "\n"
            + "exec ansible-playbook -v --connection chroot --inventory "
            + WORK
            + "/inventory "
            + WORK
            + "/playbook.yml\n";
    Command command =
        Command.of("/bin/sh", "-c", script, "ansible")
            .withStdin(playbook(context.options()))
            .withEnvironment("OSBUILD_TREE", context.sandbox().treeInRoot())
            .withEnvironment("HOME", WORK + "/home")
            .withEnvironment("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
            // Ansible refuses to start without a UTF-8 locale; C.UTF-8 is in every glibc.
            .withEnvironment("LC_ALL", "C.UTF-8")
            .withEnvironment("ANSIBLE_LOCAL_TEMP", WORK + "/local")
            .withEnvironment("ANSIBLE_REMOTE_TEMP", REMOTE_TMP)
            .withEnvironment("ANSIBLE_NOCOLOR", "1")
            .withEnvironment("ANSIBLE_RETRY_FILES_ENABLED", "0")
            .withEnvironment("DEBIAN_FRONTEND", "noninteractive");
    if (context.sourceDateEpoch().isPresent()) {
      command =
          command.withEnvironment(
              "SOURCE_DATE_EPOCH", Long.toString(context.sourceDateEpoch().get().getEpochSecond()));
    }
    return command;
  }

  /**
   * The playbook as the file ansible-playbook reads: YAML text as given, or JSON (which is YAML).
   */
  static String playbook(Options options) throws Exception {
    JsonNode playbook = options.json().get("playbook");
    return playbook.isTextual()
        ? playbook.asText()
        : Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(playbook) + "\n";
  }

  private static String hostResolver() throws Exception {
    Path host = Path.of("/etc/resolv.conf");
    return Files.isReadable(host) ? Files.readString(host) : "";
  }
}
