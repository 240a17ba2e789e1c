package org.osbuildj.core.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.isolation.Capability;
import org.osbuildj.core.pipeline.Options;

/** What stages and assemblers have in common: a name, an options schema, what the sandbox needs. */
public interface StepImplementation {

  /** The name manifests use, such as {@code org.osbuild.hostname}. */
  String name();

  /**
   * The JSON Schema (draft 2020-12 or earlier, by its {@code $schema}) that options must satisfy,
   * as JSON text; empty to accept any options object.
   */
  Optional<String> optionsSchema();

  /** The file the options schema is read from, for messages about it; empty for a resource. */
  default Optional<Path> optionsSchemaFile() {
    return Optional.empty();
  }

  /** Whether this step needs the network with these options (mmdebstrap does; most do not). */
  default boolean needsNetwork(Options options) {
    return false;
  }

  /**
   * The programs this step runs in its build root with these options, checked before anything runs
   * when the build root is the host's.
   */
  default List<HostTool> requiredTools(Options options) {
    return List.of();
  }

  /**
   * Names of the store's cache directories this step writes and reuses with these options (such as
   * downloaded packages), made visible read-write in its sandbox when the store keeps caches.
   */
  default List<String> caches(Options options) {
    return List.of();
  }

  /**
   * Capabilities this step's commands need beyond {@link Capability#DEFAULT}, with these options.
   * They reach only what the command's own user namespace owns (its own mounts, never the host's),
   * and are shown by {@code --inspect}.
   */
  default Set<Capability> capabilities(Options options) {
    return Set.of();
  }

  /**
   * A host directory the step runs from, made visible read-only at {@code /run/osbuild/lib} (an
   * external step's libdir); empty for none.
   */
  default Optional<Path> library() {
    return Optional.empty();
  }

  /**
   * Whether the step gets loop devices over the seed's {@code /run/osbuild/api/remoteloop} socket,
   * as the seed's assemblers did; the devices are made in its sandbox's own {@code /dev}.
   */
  default boolean usesLoopDevices() {
    return false;
  }

  /**
   * Whether the step runs in the trusted profile that may mount block devices: its commands are the
   * host's root with {@code CAP_SYS_ADMIN}, in mount and pid namespaces of their own but no user
   * namespace, since no kernel mounts a block device in any other. Given only to steps a user names
   * (see {@code StageCatalog#withBlockDeviceMounts}); {@code --inspect} shows it.
   */
  default boolean mountsBlockDevices() {
    return false;
  }

  /**
   * Debian names of the architectures whose programs this step runs with these options besides
   * those of its tree and build root (which the executor finds from their programs): {@code
   * org.osbuild.mmdebstrap}'s {@code architecture}, the tree it is about to make. For each one the
   * host does not run natively, the executor has QEMU registered with binfmt_misc before the step
   * runs.
   */
  default List<String> architectures(Options options) {
    return List.of();
  }

  /** Host directories the step reads, by name, made visible read-only in its sandbox. */
  default Map<String, Path> inputs() {
    return Map.of();
  }
}
