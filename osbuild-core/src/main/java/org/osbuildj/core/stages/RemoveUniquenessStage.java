package org.osbuildj.core.stages;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.tree.Tree;

/**
 * {@code org.osbuild.remove-uniqueness}: what the osbuild seed's stage meant to do (its own passed
 * the options where the tree belonged and removed nothing): takes out of the image what must differ
 * between the machines made from it, as {@code virt-sysprep} and systemd's {@code
 * ConditionFirstBoot} expect.
 *
 * <ul>
 *   <li>{@code /etc/machine-id} emptied, not removed: systemd then makes a new id at first boot
 *       (and a read-only root still boots);
 *   <li>{@code /var/lib/dbus/machine-id} removed when it is a file of its own (a link to {@code
 *       /etc/machine-id} is kept);
 *   <li>{@code /var/lib/systemd/random-seed} and {@code /var/lib/systemd/credential.secret};
 *   <li>SSH host keys, {@code /etc/ssh/ssh_host_*}: Fedora's {@code sshd-keygen} makes new ones at
 *       boot; on Debian {@code ssh.service} does not, so run {@code ssh-keygen -A} at first boot
 *       (or keep this stage out of images with an SSH server);
 *   <li>DHCP leases ({@code /var/lib/dhcp/*.leases}, {@code /var/lib/NetworkManager/*.lease});
 *   <li>journals of a system that booted ({@code /var/log/journal/<machine id>}).
 * </ul>
 */
public final class RemoveUniquenessStage extends NativeStage {
  public static final String NAME = "org.osbuild.remove-uniqueness";
  private static final Pattern MACHINE_ID = Pattern.compile("[0-9a-f]{32}");

  public RemoveUniquenessStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    Tree tree = context.tree();
    List<String> removed = new ArrayList<>();
    if (tree.isRegularFile("etc/machine-id") && tree.readBytes("etc/machine-id").length > 0) {
      new StageFiles(context).write("/etc/machine-id", new byte[0], 0444);
      removed.add("/etc/machine-id (emptied)");
    }
    if (!tree.isSymbolicLink("var/lib/dbus/machine-id")
        && tree.isRegularFile("var/lib/dbus/machine-id")) {
      remove(tree, "var/lib/dbus/machine-id", removed);
    }
    remove(tree, "var/lib/systemd/random-seed", removed);
    remove(tree, "var/lib/systemd/credential.secret", removed);
    removeMatching(tree, "etc/ssh", name -> name.startsWith("ssh_host_"), removed);
    removeMatching(tree, "var/lib/dhcp", name -> name.endsWith(".leases"), removed);
    removeMatching(tree, "var/lib/NetworkManager", name -> name.endsWith(".lease"), removed);
    removeMatching(tree, "var/log/journal", name -> MACHINE_ID.matcher(name).matches(), removed);
    context.log(
        removed.isEmpty() ? "nothing unique to remove" : "removed " + String.join(", ", removed));
  }

  private static void remove(Tree tree, String path, List<String> removed) throws Exception {
    if (tree.isSymbolicLink(path) || tree.exists(path)) {
      tree.deleteRecursively(path);
      removed.add("/" + path);
    }
  }

  private static void removeMatching(
      Tree tree,
      String directory,
      java.util.function.Predicate<String> matches,
      List<String> removed)
      throws Exception {
    if (!tree.isDirectory(directory) || tree.isSymbolicLink(directory)) {
      return;
    }
    for (String name : tree.list(directory)) {
      if (matches.test(name)) {
        remove(tree, directory + "/" + name, removed);
      }
    }
  }
}
