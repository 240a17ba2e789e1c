package org.osbuildj.core.executor;

import java.io.IOException;
import java.util.function.Consumer;
import org.osbuildj.core.event.StepRef;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.Sandbox;

/**
 * The launcher's {@code --break}: an interactive shell in a stage's sandbox, before the stage runs,
 * on this process's own terminal.
 */
final class DebugShell {
  private DebugShell() {}

  /**
   * Opens the shell and waits for it; the stage runs afterwards when it exits with status 0.
   *
   * @throws IllegalStateException when the person stops the build with a non-zero exit
   */
  static void openBefore(Sandbox sandbox, StepRef step, Consumer<String> log)
      throws IOException, InterruptedException {
    String hint =
        "breaking into a shell before "
            + step.display()
            + ": the tree is at "
            + sandbox.treeInRoot()
            + " ($TREE); exit 0 to run the stage, non-zero to stop the build";
    log.accept(hint);
    // The shell itself says where it is, on the person's terminal: the library prints nothing.
    // Without job control (+m): the terminal's process groups lie outside the command's pid
    // namespace, and a shell that tries to take the terminal over gives up after one pipeline.
    int status =
        sandbox.interactive(
            Command.of("/bin/sh", "-c", "echo \"$OSBUILD_BREAK\" >&2; exec /bin/sh +m -i")
                .withEnvironment("OSBUILD_BREAK", hint)
                .withEnvironment("TREE", sandbox.treeInRoot())
                .withEnvironment("PS1", "osbuild " + step.name() + "# "));
    if (status != 0) {
      throw new IllegalStateException("stopped at --break: the shell exited with status " + status);
    }
  }
}
