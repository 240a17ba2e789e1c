package org.osbuildj.isolation.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.osbuildj.core.host.Host;
import org.osbuildj.core.isolation.Isolation;
import org.osbuildj.core.isolation.IsolationException;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.SandboxWork;
import org.osbuildj.isolation.libc.LinuxCalls;

/**
 * Runs every sandbox in private Linux namespaces, set up from the JVM with libc calls; needs root.
 *
 * <pre>{@code
 * Isolation isolation = NamespaceIsolation.create();
 * isolation.run(SandboxSpec.forStage(new TreeMount.Directory(tree), log::info),
 *     sandbox -> sandbox.exec(Command.of("mmdebstrap", "bookworm", sandbox.treeInRoot())).orThrow());
 * }</pre>
 *
 * <p>Each sandbox gets a new platform thread that leaves the JVM's mount, ipc and uts namespaces
 * (and its network namespace unless the spec asks for the network, leaving only {@code lo}), and
 * mounts a root under a private tmpfs that no other thread sees: the build root read-only as {@code
 * /} (the host's {@code /usr}, {@code /etc} and friends when there is no build pipeline), the tree
 * at {@code /run/osbuild/tree}, the output at {@code /run/osbuild/output}, inputs read-only at
 * {@code /run/osbuild/inputs/<name>}, a manifest's sources read-only at {@code
 * /run/osbuild/sources}, a minimal {@code /dev}, a read-only {@code /sys} and fresh tmpfs for
 * {@code /tmp}, {@code /var/tmp} and {@code /run}; its hostname is {@value #HOSTNAME}. The work
 * runs on that thread, so its Java code sees the sandbox's tree at {@link
 * org.osbuildj.core.isolation.Sandbox#tree()}; each command it starts is pid 1 of a pid namespace
 * of its own, with its own {@code /proc}.
 *
 * <p>The work must stay on its thread: threads it starts share its namespaces (a pool started
 * there, such as the common fork-join pool on first use, would keep them for the JVM's life), and
 * the sandbox refuses calls from other threads.
 *
 * <p>Nothing outlives a sandbox: its mounts are taken down when the work ends, however it ends;
 * when the JVM is killed the kernel drops the thread's namespace with every mount in it, and the
 * commands die with their parent thread.
 */
public final class NamespaceIsolation implements Isolation {
  /** The hostname commands in a sandbox see. */
  public static final String HOSTNAME = "osbuild";

  /**
   * The host directory that each sandbox covers with a private tmpfs. It stays empty on the host:
   * every sandbox's mounts live in its own namespace, so one path serves them all at once.
   */
  static final Path STAGING = Path.of("/run/osbuild-java/sandbox");

  private final SandboxRuntime runtime;
  private final Path staging;

  private NamespaceIsolation(SandboxRuntime runtime, Path staging) {
    this.runtime = runtime;
    this.staging = staging;
  }

  /**
   * The isolation, ready to use.
   *
   * @throws IsolationException if this host cannot give it (not root, not Linux, no sandbox program
   *     for this architecture), with the reason
   */
  public static NamespaceIsolation create() {
    Optional<String> problem = unavailability();
    if (problem.isPresent()) {
      throw new IsolationException("the namespace isolation is not available: " + problem.get());
    }
    try {
      Files.createDirectories(STAGING);
    } catch (IOException e) {
      throw new IsolationException("cannot create the sandbox staging directory " + STAGING, e);
    }
    return new NamespaceIsolation(SandboxRuntime.create(), STAGING);
  }

  /** Whether {@link #create()} would succeed here. */
  public static boolean isAvailable() {
    return unavailability().isEmpty();
  }

  /** Why the isolation cannot run here, or empty when it can. */
  public static Optional<String> unavailability() {
    if (!System.getProperty("os.name", "").equals("Linux")) {
      return Optional.of("it needs Linux, this is " + System.getProperty("os.name"));
    }
    if (!Files.exists(Path.of("/proc/thread-self/ns/mnt"))) {
      return Optional.of(
          "the kernel has no mount namespaces (/proc/thread-self/ns/mnt is missing)");
    }
    try {
      LinuxCalls.gettid(); // any call: it loads JNA and libc
    } catch (LinkageError e) {
      return Optional.of("libc cannot be called through JNA: " + e.getMessage());
    }
    if (!Host.isRoot()) {
      return Optional.of(
          "it needs root (effective uid is "
              + Host.effectiveUserId().orElse(-1)
              + "); use the host isolation for unprivileged tests");
    }
    if (SandboxProgram.resource().isEmpty()) {
      return Optional.of(
          "this osbuild-isolation jar has no sandbox program for "
              + System.getProperty("os.arch")
              + " (Maven compiles it with cc when it builds the jar)");
    }
    return Optional.empty();
  }

  @Override
  public String name() {
    return "namespace";
  }

  @Override
  public boolean isolates() {
    return true;
  }

  @Override
  public <T> T run(SandboxSpec spec, SandboxWork<T> work) throws Exception {
    Instant deadline = spec.timeout() == null ? null : Instant.now().plus(spec.timeout());
    SandboxRuntime ids = spec.blockDeviceMounts() ? runtime.withHostIds() : runtime;
    return new SandboxThread<>(spec, work, ids, staging, deadline).runAndWait();
  }
}
