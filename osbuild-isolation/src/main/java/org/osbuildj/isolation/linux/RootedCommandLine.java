package org.osbuildj.isolation.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osbuildj.core.isolation.Capability;
import org.osbuildj.core.isolation.Command;

/**
 * The host command line that runs a sandbox command inside a root: the sandbox program (see {@code
 * src/main/c/osbuild-sandbox.c}) with the root, the working directory, the id map and the
 * capabilities the command may keep.
 *
 * <p>The program makes the command pid 1 of a new pid namespace, so killing it kills everything it
 * started; it mounts {@code /proc} from inside that namespace (the only way it shows that
 * namespace) and in a mount namespace of the command's own, so it vanishes with the command; and it
 * dies with the sandbox thread that started it. The pid and user namespaces are made there rather
 * than on the sandbox thread: the kernel refuses a user namespace to a multithreaded process, and a
 * thread whose children would land in another pid namespace can no longer start threads, which the
 * JDK does when it starts a process.
 */
final class RootedCommandLine {
  private RootedCommandLine() {}

  static List<String> of(
      SandboxRuntime runtime, String root, Command command, Set<Capability> capabilities) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                runtime.program().toString(),
                "--root",
                root,
                "--wd",
                command.workingDirectory(),
                "--map",
                runtime.mapArgument(),
                "--keep-caps",
                Long.toHexString(Capability.mask(capabilities)),
                "--"));
    argv.addAll(command.argv());
    return argv;
  }
}
