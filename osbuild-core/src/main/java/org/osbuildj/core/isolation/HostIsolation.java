package org.osbuildj.core.isolation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs stages plainly on the host, without any isolation: the stage's commands see the host's whole
 * filesystem and can change it. Meant for unprivileged tests and for stages that run no commands;
 * it is never chosen silently, and it refuses what it cannot do safely (entering the tree, a build
 * pipeline's root, overlay trees).
 */
public final class HostIsolation implements Isolation {
  /** The environment every stage command starts with; a stage adds to it. */
  public static final Map<String, String> BASE_ENVIRONMENT =
      Map.of(
          "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "LANG", "C.UTF-8",
          "HOME", "/root");

  @Override
  public String name() {
    return "host";
  }

  @Override
  public boolean isolates() {
    return false;
  }

  @Override
  public <T> T run(SandboxSpec spec, SandboxWork<T> work) throws Exception {
    if (spec.buildRoot().isPresent()) {
      throw new IsolationException(
          "the host isolation runs commands on the host and cannot use a build "
              + "pipeline's tree as the build root; use the namespace isolation (needs root)");
    }
    Path tree = directoryOf(spec.tree());
    Instant deadline = spec.timeout() == null ? null : Instant.now().plus(spec.timeout());
    return work.run(new HostSandbox(spec, tree, deadline));
  }

  private static Path directoryOf(TreeMount mount) {
    if (mount instanceof TreeMount.Directory dir) {
      return dir.path();
    }
    throw new IsolationException(
        "the host isolation can only use trees that are plain directories; "
            + "overlay trees need the namespace isolation (needs root)");
  }

  private record HostSandbox(SandboxSpec spec, Path tree, Instant deadline) implements Sandbox {
    @Override
    public Optional<Path> output() {
      return spec.outputDir();
    }

    @Override
    public String treeInRoot() {
      return tree.toString();
    }

    @Override
    public Optional<String> outputInRoot() {
      return spec.outputDir().map(Path::toString);
    }

    @Override
    public Optional<String> libraryInRoot() {
      return spec.library().map(Path::toString);
    }

    @Override
    public String inputInRoot(String name) {
      Path input = spec.inputs().get(name);
      if (input == null) {
        throw new IllegalArgumentException("no input named " + name + " in this sandbox");
      }
      return input.toString();
    }

    @Override
    public Optional<String> sourcesInRoot() {
      return spec.sources().map(Path::toString);
    }

    @Override
    public Optional<String> cacheInRoot(String name) {
      return Optional.ofNullable(spec.caches().get(name)).map(Path::toString);
    }

    @Override
    public ExecResult exec(Command command) throws IOException, InterruptedException {
      Map<String, String> env = new LinkedHashMap<>(BASE_ENVIRONMENT);
      env.putAll(ProxyEnvironment.forSandbox(spec.network()));
      env.putAll(command.environment());
      return ProcessRunner.run(
          command, command.argv(), env, Path.of(command.workingDirectory()), deadline, spec.log());
    }

    @Override
    public ExecOutput execCapturing(Command command, int maxBytes)
        throws IOException, InterruptedException {
      Map<String, String> env = new LinkedHashMap<>(BASE_ENVIRONMENT);
      env.putAll(ProxyEnvironment.forSandbox(spec.network()));
      env.putAll(command.environment());
      return ProcessRunner.runCapturing(
          command,
          command.argv(),
          env,
          Path.of(command.workingDirectory()),
          deadline,
          spec.log(),
          ProcessKiller.DESCENDANTS_THEN_PROCESS,
          maxBytes);
    }

    @Override
    public int interactive(Command command) throws IOException, InterruptedException {
      Map<String, String> env = new LinkedHashMap<>(BASE_ENVIRONMENT);
      env.putAll(ProxyEnvironment.forSandbox(spec.network()));
      env.putAll(command.environment());
      return ProcessRunner.runInteractive(command.argv(), env, Path.of(command.workingDirectory()));
    }

    @Override
    public ExecResult execInTree(Command command) {
      throw new IsolationException(
          "the host isolation cannot run commands inside the tree ("
              + command.display()
              + "): that needs the namespace isolation, as root");
    }
  }
}
