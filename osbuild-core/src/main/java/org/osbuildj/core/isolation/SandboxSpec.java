package org.osbuildj.core.isolation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What one stage or assembler gets to see and do.
 *
 * @param buildRoot the tree that commands run in, read-only; empty for the host's own {@code /usr}
 * @param tree the tree being built (for a stage) or assembled (for an assembler)
 * @param treeWritable false for assemblers, which never change the tree
 * @param outputDir where an assembler writes its files; empty for stages
 * @param inputs host directories the stage reads (by name), made visible read-only
 * @param caches host directories the stage may write and later builds reuse (by name), such as
 *     downloaded packages; made visible read-write
 * @param library a host directory made visible read-only at {@code /run/osbuild/lib}: an external
 *     step's libdir, through which it is run and may import its own modules, as the seed did
 * @param sources a host directory of the manifest's fetched source files, made visible read-only at
 *     {@code /run/osbuild/sources} as osbuild's later version-1 releases did; empty for a manifest
 *     without sources
 * @param network whether the stage needs the network (mmdebstrap, apt); otherwise it gets only lo.
 *     Commands of a sandbox with the network also get the JVM's proxy variables ({@link
 *     ProxyEnvironment})
 * @param timeout how long the whole sandbox may live; null for no limit
 * @param capabilities what the sandbox's commands may keep, {@link Capability#DEFAULT} and what the
 *     step declared; every other capability is dropped
 * @param loopDevices whether the sandbox serves loop devices at {@code
 *     /run/osbuild/api/remoteloop}, over the seed's protocol, made in the sandbox's own {@code
 *     /dev}
 * @param blockDeviceMounts whether commands run as the host's root, in the host's user namespace,
 *     so that they can mount the block devices they get (a kernel refuses such mounts in any other
 *     user namespace): a trusted profile, given only to steps the user named (see {@code
 *     docs/isolation.md})
 * @param log receives every line the sandbox's commands print, as they print it (a very long one
 *     cut), and their bytes whole for a receiver that keeps them (see {@link CommandOutput})
 */
public record SandboxSpec(
    Optional<TreeMount> buildRoot,
    TreeMount tree,
    boolean treeWritable,
    Optional<Path> outputDir,
    Map<String, Path> inputs,
    Map<String, Path> caches,
    Optional<Path> library,
    Optional<Path> sources,
    boolean network,
    Duration timeout,
    Set<Capability> capabilities,
    boolean loopDevices,
    boolean blockDeviceMounts,
    CommandOutput log) {

  public SandboxSpec {
    Objects.requireNonNull(buildRoot, "buildRoot");
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(library, "library");
    Objects.requireNonNull(sources, "sources");
    inputs = Map.copyOf(inputs);
    caches = Map.copyOf(caches);
    capabilities = Set.copyOf(capabilities);
    Objects.requireNonNull(log, "log");
  }

  /** A spec for a stage: tree writable, no output, no network, host build root, no inputs. */
  public static SandboxSpec forStage(TreeMount tree, CommandOutput log) {
    return new SandboxSpec(
        Optional.empty(),
        tree,
        true,
        Optional.empty(),
        Map.of(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        false,
        null,
        Capability.DEFAULT,
        false,
        false,
        log);
  }

  /** A spec for an assembler: tree read-only, output directory writable. */
  public static SandboxSpec forAssembler(TreeMount tree, Path outputDir, CommandOutput log) {
    return new SandboxSpec(
        Optional.empty(),
        tree,
        false,
        Optional.of(outputDir),
        Map.of(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        false,
        null,
        Capability.DEFAULT,
        false,
        false,
        log);
  }

  public SandboxSpec withBuildRoot(TreeMount root) {
    return changed(parts -> parts.buildRoot = Optional.ofNullable(root));
  }

  public SandboxSpec withInput(String name, Path hostDirectory) {
    return changed(parts -> parts.inputs.put(name, hostDirectory));
  }

  /** The same sandbox with {@code libdir} visible read-only at {@code /run/osbuild/lib}. */
  public SandboxSpec withLibrary(Path libdir) {
    return changed(parts -> parts.library = Optional.of(libdir));
  }

  /**
   * The same sandbox with the directory of fetched source files visible read-only at {@code
   * /run/osbuild/sources}.
   */
  public SandboxSpec withSources(Path hostDirectory) {
    return changed(parts -> parts.sources = Optional.of(hostDirectory));
  }

  public SandboxSpec withCache(String name, Path hostDirectory) {
    return changed(parts -> parts.caches.put(name, hostDirectory));
  }

  /** The same sandbox, with every command's output going to {@code newLog}. */
  public SandboxSpec withLog(CommandOutput newLog) {
    return changed(parts -> parts.log = newLog);
  }

  public SandboxSpec withNetwork(boolean needsNetwork) {
    return changed(parts -> parts.network = needsNetwork);
  }

  /** The same sandbox, whose commands also keep {@code more} capabilities. */
  public SandboxSpec withCapabilities(Set<Capability> more) {
    return changed(
        parts -> {
          parts.capabilities.addAll(Capability.DEFAULT);
          parts.capabilities.addAll(more);
        });
  }

  /** The same sandbox, serving loop devices over the seed's {@code remoteloop} socket or not. */
  public SandboxSpec withLoopDevices(boolean serve) {
    return changed(parts -> parts.loopDevices = serve);
  }

  /**
   * The same sandbox, in the trusted profile that mounts block devices (its commands keep {@link
   * Capability#SYS_ADMIN}, the host's), or not.
   */
  public SandboxSpec withBlockDeviceMounts(boolean mount) {
    return changed(
        parts -> {
          parts.blockDeviceMounts = mount;
          if (mount) {
            parts.capabilities.addAll(Capability.DEFAULT);
            parts.capabilities.add(Capability.SYS_ADMIN);
          }
        });
  }

  public SandboxSpec withTimeout(Duration limit) {
    return changed(parts -> parts.timeout = limit);
  }

  /** A copy of this spec with one change: what every {@code withX} shares. */
  private SandboxSpec changed(Consumer<Parts> change) {
    Parts parts = new Parts(this);
    change.accept(parts);
    return parts.spec();
  }

  /** The components of a spec, changeable while a copy is made. */
  private static final class Parts {
    Optional<TreeMount> buildRoot;
    final TreeMount tree;
    final boolean treeWritable;
    final Optional<Path> outputDir;
    final Map<String, Path> inputs;
    final Map<String, Path> caches;
    Optional<Path> library;
    Optional<Path> sources;
    boolean network;
    Duration timeout;
    final Set<Capability> capabilities;
    boolean loopDevices;
    boolean blockDeviceMounts;
    CommandOutput log;

    Parts(SandboxSpec spec) {
      buildRoot = spec.buildRoot;
      tree = spec.tree;
      treeWritable = spec.treeWritable;
      outputDir = spec.outputDir;
      inputs = new LinkedHashMap<>(spec.inputs);
      caches = new LinkedHashMap<>(spec.caches);
      library = spec.library;
      sources = spec.sources;
      network = spec.network;
      timeout = spec.timeout;
      capabilities =
          spec.capabilities.isEmpty()
              ? EnumSet.noneOf(Capability.class)
              : EnumSet.copyOf(spec.capabilities);
      loopDevices = spec.loopDevices;
      blockDeviceMounts = spec.blockDeviceMounts;
      log = spec.log;
    }

    SandboxSpec spec() {
      return new SandboxSpec(
          buildRoot,
          tree,
          treeWritable,
          outputDir,
          inputs,
          caches,
          library,
          sources,
          network,
          timeout,
          capabilities,
          loopDevices,
          blockDeviceMounts,
          log);
    }
  }
}
