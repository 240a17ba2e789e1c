package org.osbuildj.isolation.linux;

import java.util.ArrayList;
import java.util.List;
import org.osbuildj.core.isolation.Command;

/**
 * The host command line that runs a sandbox command inside a root.
 *
 * <p>The chain is {@code setpriv --pdeathsig KILL -- unshare --pid --fork --kill-child=KILL
 * --mount-proc --root=ROOT --wd=DIR -- argv...}: the command is pid 1 of a new pid namespace, so
 * killing it kills everything it started; {@code /proc} is mounted by a process inside that
 * namespace (the only way it shows that namespace) and in a mount namespace of the command's own,
 * so it vanishes with the command; and if the sandbox thread or the whole JVM dies, the death
 * signals take the command down with it.
 *
 * <p>The pid namespace is made here rather than on the sandbox thread: a thread whose children
 * would land in another pid namespace can no longer start threads (the kernel refuses
 * {@code clone(CLONE_THREAD)} with EINVAL), and the JDK starts threads when it starts a process.
 */
final class RootedCommandLine {
  private RootedCommandLine() {}

  static List<String> of(HostTools tools, String root, Command command) {
    List<String> argv = new ArrayList<>(List.of(
        tools.setpriv().toString(), "--pdeathsig", "KILL", "--",
        tools.unshare().toString(), "--pid", "--fork", "--kill-child=KILL", "--mount-proc",
        "--root=" + root, "--wd=" + command.workingDirectory(), "--"));
    argv.addAll(command.argv());
    return argv;
  }
}
