package org.osbuildj.isolation.linux;

import static org.osbuildj.isolation.libc.LinuxCalls.MS_BIND;
import static org.osbuildj.isolation.libc.LinuxCalls.MS_NODEV;
import static org.osbuildj.isolation.libc.LinuxCalls.MS_NOEXEC;
import static org.osbuildj.isolation.libc.LinuxCalls.MS_NOSUID;
import static org.osbuildj.isolation.libc.LinuxCalls.MS_RDONLY;
import static org.osbuildj.isolation.libc.LinuxCalls.MS_REC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.ExecOutput;
import org.osbuildj.core.isolation.ExecResult;
import org.osbuildj.core.isolation.FileLabel;
import org.osbuildj.core.isolation.HostIsolation;
import org.osbuildj.core.isolation.IsolationException;
import org.osbuildj.core.isolation.ProcessRunner;
import org.osbuildj.core.isolation.ProxyEnvironment;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.isolation.libc.SecurityLabels;
import org.osbuildj.isolation.libc.ThreadCredentials;

/**
 * The inside of one namespace sandbox. Its mounts exist only in the mount namespace of the thread
 * that set it up, so every method must be called on that thread.
 */
final class NamespaceSandbox implements Sandbox {
  private static final List<String> TREE_MOUNT_POINTS = List.of("proc", "dev", "sys");

  private final SandboxSpec spec;
  private final SandboxLayout layout;
  private final MountStack mounts;
  private final SandboxRuntime runtime;
  private final Instant deadline;
  private final Thread owner;
  private boolean closed;

  NamespaceSandbox(
      SandboxSpec spec,
      SandboxLayout layout,
      MountStack mounts,
      SandboxRuntime runtime,
      Instant deadline) {
    this.spec = spec;
    this.layout = layout;
    this.mounts = mounts;
    this.runtime = runtime;
    this.deadline = deadline;
    this.owner = Thread.currentThread();
  }

  @Override
  public Path tree() {
    checkThread();
    return layout.tree();
  }

  @Override
  public Optional<Path> output() {
    checkThread();
    return spec.outputDir().map(dir -> layout.output());
  }

  /**
   * This thread sees the tree through the same id-mapped mounts as the commands, so an owner id on
   * disk shows here shifted by the sandbox root's host id.
   */
  @Override
  public long ownerIdShift() {
    return runtime.hostRoot() & 0xFFFFFFFFL;
  }

  @Override
  public String treeInRoot() {
    return SandboxLayout.TREE_IN_ROOT;
  }

  @Override
  public Optional<String> outputInRoot() {
    return spec.outputDir().map(dir -> SandboxLayout.OUTPUT_IN_ROOT);
  }

  @Override
  public Optional<String> cacheInRoot(String name) {
    return spec.caches().containsKey(name)
        ? Optional.of(SandboxLayout.cacheInRoot(name))
        : Optional.empty();
  }

  @Override
  public Optional<String> libraryInRoot() {
    return spec.library().map(dir -> SandboxLayout.LIBRARY_IN_ROOT);
  }

  @Override
  public Optional<String> sourcesInRoot() {
    return spec.sources().map(dir -> SandboxLayout.SOURCES_IN_ROOT);
  }

  @Override
  public String inputInRoot(String name) {
    if (!spec.inputs().containsKey(name)) {
      throw new IllegalArgumentException("no input named " + name + " in this sandbox");
    }
    return SandboxLayout.inputInRoot(name);
  }

  @Override
  public ExecResult exec(Command command) throws IOException, InterruptedException {
    checkThread();
    return run(layout.root(), command);
  }

  @Override
  public ExecOutput execCapturing(Command command, int maxBytes)
      throws IOException, InterruptedException {
    checkThread();
    Map<String, String> environment = new LinkedHashMap<>(HostIsolation.BASE_ENVIRONMENT);
    environment.putAll(ProxyEnvironment.forSandbox(spec.network()));
    environment.putAll(command.environment());
    List<String> argv =
        RootedCommandLine.of(runtime, layout.root().toString(), command, spec.capabilities());
    asHostRoot();
    try {
      return ProcessRunner.runCapturing(
          command,
          argv,
          environment,
          null,
          deadline,
          spec.log(),
          FreezingProcessKiller.INSTANCE,
          maxBytes);
    } finally {
      asSandboxRoot();
    }
  }

  /**
   * Written by this thread, the host's root (its file-system ids the sandbox root's, which changes
   * no capability): through the same id-mapped tree mount the commands see, so for an overlay tree
   * overlayfs copies each entry up and writes the attribute in the upper directory.
   */
  @Override
  public void labelTree(List<FileLabel> labels) {
    checkThread();
    if (!spec.treeWritable()) {
      throw new IsolationException("cannot label a read-only tree");
    }
    SecurityLabels.apply(layout.tree(), labels);
  }

  @Override
  public int interactive(Command command) throws IOException, InterruptedException {
    checkThread();
    Map<String, String> environment = new LinkedHashMap<>(HostIsolation.BASE_ENVIRONMENT);
    environment.putAll(ProxyEnvironment.forSandbox(spec.network()));
    environment.put("TERM", System.getenv().getOrDefault("TERM", "xterm"));
    environment.putAll(command.environment());
    List<String> argv =
        RootedCommandLine.of(runtime, layout.root().toString(), command, spec.capabilities());
    asHostRoot();
    try {
      return ProcessRunner.runInteractive(argv, environment, null, FreezingProcessKiller.INSTANCE);
    } finally {
      asSandboxRoot();
    }
  }

  @Override
  public ExecResult execInTree(Command command) throws IOException, InterruptedException {
    checkThread();
    Path tree = layout.tree();
    int mark = mounts.depth();
    Deque<Path> made = new ArrayDeque<>();
    try {
      for (String name : TREE_MOUNT_POINTS) {
        treeMountPoint(tree.resolve(name), made);
      }
      mounts.mount(
          layout.root().resolve("dev").toString(),
          tree.resolve("dev"),
          null,
          MS_BIND | MS_REC,
          null);
      mounts.mount(
          "sysfs",
          tree.resolve("sys"),
          "sysfs",
          MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
          null);
      return run(tree, command);
    } finally {
      mounts.unmountDownTo(mark);
      while (!made.isEmpty()) {
        Files.deleteIfExists(made.pop());
      }
    }
  }

  /**
   * Makes sure the tree has a real directory to mount on; a symlink there (a hostile or broken
   * tree) would have the mount land outside the tree. A directory we make is removed afterwards.
   */
  private void treeMountPoint(Path point, Deque<Path> made) throws IOException {
    if (Files.isSymbolicLink(point)) {
      throw new IsolationException(
          "cannot enter the tree: /"
              + point.getFileName()
              + " in it is a symlink, and mounting there could leave the tree");
    }
    if (!Files.isDirectory(point, LinkOption.NOFOLLOW_LINKS)) {
      if (!spec.treeWritable()) {
        throw new IsolationException(
            "cannot enter the read-only tree: it has no /" + point.getFileName());
      }
      Files.createDirectory(point);
      made.push(point);
    }
  }

  private ExecResult run(Path root, Command command) throws IOException, InterruptedException {
    Map<String, String> environment = new LinkedHashMap<>(HostIsolation.BASE_ENVIRONMENT);
    environment.putAll(ProxyEnvironment.forSandbox(spec.network()));
    environment.putAll(command.environment());
    List<String> argv =
        RootedCommandLine.of(runtime, root.toString(), command, spec.capabilities());
    asHostRoot();
    try {
      return ProcessRunner.run(
          command, argv, environment, null, deadline, spec.log(), FreezingProcessKiller.INSTANCE);
    } finally {
      asSandboxRoot();
    }
  }

  /**
   * The sandbox program starts as host root (it writes the id map of the user namespace it makes),
   * and the threads that read a command's output write log files of the host: both inherit this
   * thread's file-system ids, so commands start with the host's.
   */
  private static void asHostRoot() {
    ThreadCredentials.useFileSystemIds(0);
  }

  /**
   * Between commands this thread creates files in the tree and output as the sandbox's root does,
   * through the same id-mapped mounts: they land on disk owned by root. (As host root it could not
   * create files there at all: uid 0 has no place in the mounts' id map.)
   */
  void asSandboxRoot() {
    ThreadCredentials.useFileSystemIds(runtime.hostRoot());
  }

  void close() {
    closed = true;
  }

  private void checkThread() {
    if (closed) {
      throw new IllegalStateException("this sandbox is closed: its mounts are gone");
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "a sandbox is used only on the thread that runs its work ("
              + owner.getName()
              + "), the only thread that sees its mounts; this is "
              + Thread.currentThread().getName());
    }
  }
}
