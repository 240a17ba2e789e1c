package org.osbuildj.core.isolation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The inside of one sandbox, handed to the work that runs in it. Paths come in two views: where
 * this thread (the stage's Java code) finds things, and where commands started in the build root
 * find them.
 */
public interface Sandbox {

  /** Where the stage's Java code on this thread reads and writes the tree. */
  Path tree();

  /** Where the stage's Java code on this thread writes output (assemblers only). */
  Optional<Path> output();

  /**
   * What this thread adds to an owner id of a file in the tree (or output) to name it in a system
   * call: 0 where this thread sees the files as they are on disk, the host id of the sandbox's root
   * where it sees them through the same id-mapped mounts as the sandbox's commands. Files this
   * thread creates there get the owner root (id 0 on disk) either way.
   */
  default long ownerIdShift() {
    return 0;
  }

  /** Where commands in the build root see the tree ({@code /run/osbuild/tree} when isolated). */
  String treeInRoot();

  /** Where commands in the build root see the output directory. */
  Optional<String> outputInRoot();

  /**
   * Where commands in the build root see the input of that name (see {@link SandboxSpec#inputs}).
   */
  String inputInRoot(String name);

  /**
   * Where commands in the build root see the sandbox's library (an external step's libdir), if it
   * has one: {@code /run/osbuild/lib} when isolated.
   */
  Optional<String> libraryInRoot();

  /**
   * Where commands in the build root see the manifest's fetched source files, if the sandbox has
   * them: {@code /run/osbuild/sources} when isolated, read-only.
   */
  Optional<String> sourcesInRoot();

  /** Where commands in the build root see the cache of that name, if the sandbox has it. */
  Optional<String> cacheInRoot(String name);

  /** Runs a command in the build root, streaming its output to the sandbox's log. */
  ExecResult exec(Command command) throws IOException, InterruptedException;

  /**
   * Runs a command in the build root as {@link #exec} does, but keeps what it prints on standard
   * output whole, as bytes, out of the log; its standard error goes to the log line by line. For
   * commands whose output is data, such as file names that need not be text.
   *
   * @param maxBytes the most standard output kept; past it the command is killed and this fails
   * @throws IOException if the command cannot start or prints more than {@code maxBytes}
   */
  default ExecOutput execCapturing(Command command, int maxBytes)
      throws IOException, InterruptedException {
    throw new IsolationException(
        "this isolation cannot keep a command's standard output apart: " + command.display());
  }

  /**
   * Sets the SELinux label ({@code security.selinux}) of entries of the tree, as the library itself
   * (the host's root) does it: the kernel lets only a process privileged in the user namespace that
   * owns the file system write {@code security.*} attributes, which a stage's commands, root of a
   * user namespace of their own, are not. Each path is resolved below the tree's root name by name,
   * never following a symlink: a symlink gets the label itself, as {@code setfiles} labels it. The
   * value written is the context and a NUL byte, as libselinux writes it.
   *
   * @throws IsolationException if this isolation cannot set labels (the host isolation), or a path
   *     leads through a symlink or to nothing
   * @throws IOException if the kernel refuses
   */
  default void labelTree(List<FileLabel> labels) throws IOException {
    throw new IsolationException(
        "this isolation cannot set SELinux labels in the tree: that needs the namespace"
            + " isolation, as root");
  }

  /**
   * Runs a command in the build root attached to this process's own standard input, output and
   * error, for a person to work in (the launcher's {@code --break}). Returns its exit status.
   */
  int interactive(Command command) throws IOException, InterruptedException;

  /**
   * Runs a command chrooted into the tree itself, with {@code /proc}, {@code /dev} and {@code /sys}
   * mounted there for the command's life only: what {@code systemctl} or {@code useradd} need.
   *
   * @throws IsolationException if this isolation cannot enter the tree (the host isolation)
   */
  ExecResult execInTree(Command command) throws IOException, InterruptedException;
}
