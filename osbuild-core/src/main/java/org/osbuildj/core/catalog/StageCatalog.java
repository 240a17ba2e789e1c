package org.osbuildj.core.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.osbuildj.core.external.ExternalAssembler;
import org.osbuildj.core.external.ExternalStage;
import org.osbuildj.core.spi.AssemblerImplementation;
import org.osbuildj.core.spi.StageImplementation;

/**
 * Finds the implementation of a stage or assembler by name: native ones registered in code or found
 * with {@link ServiceLoader}, then executables in a library directory ({@code
 * <libdir>/stages/<name>}, {@code <libdir>/assemblers/<name>}). Immutable.
 */
public final class StageCatalog {
  private final Map<String, StageImplementation> stages;
  private final Map<String, AssemblerImplementation> assemblers;
  private final Path libdir;
  private final boolean libdirFirst;
  private final Set<String> blockDeviceMounts;

  private StageCatalog(
      Map<String, StageImplementation> stages,
      Map<String, AssemblerImplementation> assemblers,
      Path libdir,
      boolean libdirFirst,
      Set<String> blockDeviceMounts) {
    this.stages = Map.copyOf(stages);
    this.assemblers = Map.copyOf(assemblers);
    this.libdir = libdir;
    this.libdirFirst = libdirFirst;
    this.blockDeviceMounts = Set.copyOf(blockDeviceMounts);
  }

  /** Every native stage and assembler on the class path (META-INF/services). */
  public static StageCatalog fromClassPath() {
    Map<String, StageImplementation> stages = new TreeMap<>();
    ServiceLoader.load(StageImplementation.class).forEach(s -> stages.put(s.name(), s));
    Map<String, AssemblerImplementation> assemblers = new TreeMap<>();
    ServiceLoader.load(AssemblerImplementation.class).forEach(a -> assemblers.put(a.name(), a));
    return new StageCatalog(stages, assemblers, null, false, Set.of());
  }

  public static StageCatalog empty() {
    return new StageCatalog(Map.of(), Map.of(), null, false, Set.of());
  }

  public StageCatalog with(StageImplementation stage) {
    Map<String, StageImplementation> more = new TreeMap<>(stages);
    more.put(stage.name(), stage);
    return new StageCatalog(more, assemblers, libdir, libdirFirst, blockDeviceMounts);
  }

  public StageCatalog with(AssemblerImplementation assembler) {
    Map<String, AssemblerImplementation> more = new TreeMap<>(assemblers);
    more.put(assembler.name(), assembler);
    return new StageCatalog(stages, more, libdir, libdirFirst, blockDeviceMounts);
  }

  /**
   * Also look for external stages and assemblers in this library directory. Where a native step has
   * the same name, the native one runs (see {@link #shadowedExecutable}) unless {@link
   * #withLibdirFirst} says otherwise.
   */
  public StageCatalog withLibdir(Path directory) {
    return new StageCatalog(
        stages,
        assemblers,
        directory == null ? null : directory.toAbsolutePath(),
        libdirFirst,
        blockDeviceMounts);
  }

  /**
   * The library directory's executables win over native steps of the same name: how the osbuild
   * seed's own {@code org.osbuild.locale} or {@code org.osbuild.tar} run under their names.
   */
  public StageCatalog withLibdirFirst(boolean first) {
    return new StageCatalog(stages, assemblers, libdir, first, blockDeviceMounts);
  }

  /**
   * The library directory's steps of these names run in the trusted profile that mounts block
   * devices (see {@link org.osbuildj.core.spi.StepImplementation#mountsBlockDevices}): the user's
   * consent, for steps such as the seed's {@code org.osbuild.qcow2}, which mounts the partitions it
   * gets over {@code remoteloop}. Native steps never need it.
   */
  public StageCatalog withBlockDeviceMounts(Set<String> stepNames) {
    return new StageCatalog(stages, assemblers, libdir, libdirFirst, stepNames);
  }

  /** The step names given to {@link #withBlockDeviceMounts}. */
  public Set<String> blockDeviceMounts() {
    return blockDeviceMounts;
  }

  /** Whether the library directory's executables win over native steps of the same name. */
  public boolean libdirFirst() {
    return libdirFirst;
  }

  /**
   * The library directory's executable for that step ({@code kind} "stages" or "assemblers") that
   * does not run because a native step of the same name does; empty when there is none.
   */
  public Optional<Path> shadowedExecutable(String kind, String name) {
    boolean nativeExists =
        kind.equals("stages") ? stages.containsKey(name) : assemblers.containsKey(name);
    return nativeExists && !libdirFirst ? executable(kind, name) : Optional.empty();
  }

  public Optional<Path> libdir() {
    return Optional.ofNullable(libdir);
  }

  /**
   * The stage of that name: native first, then an executable in the library directory (the other
   * way round with {@link #withLibdirFirst}).
   */
  public Optional<StageImplementation> stage(String name) {
    Optional<StageImplementation> external =
        executable("stages", name)
            .map(path -> new ExternalStage(name, path, blockDeviceMounts.contains(name)));
    if (libdirFirst && external.isPresent()) return external;
    StageImplementation stage = stages.get(name);
    return stage != null ? Optional.of(stage) : external;
  }

  public Optional<AssemblerImplementation> assembler(String name) {
    Optional<AssemblerImplementation> external =
        executable("assemblers", name)
            .map(path -> new ExternalAssembler(name, path, blockDeviceMounts.contains(name)));
    if (libdirFirst && external.isPresent()) return external;
    AssemblerImplementation assembler = assemblers.get(name);
    return assembler != null ? Optional.of(assembler) : external;
  }

  /** The names of the native stages, sorted. */
  public Set<String> nativeStageNames() {
    return new TreeSet<>(stages.keySet());
  }

  public Set<String> nativeAssemblerNames() {
    return new TreeSet<>(assemblers.keySet());
  }

  private Optional<Path> executable(String kind, String name) {
    if (libdir == null) return Optional.empty();
    Path candidate = libdir.resolve(kind).resolve(name);
    return Files.isRegularFile(candidate) && Files.isExecutable(candidate)
        ? Optional.of(candidate)
        : Optional.empty();
  }
}
