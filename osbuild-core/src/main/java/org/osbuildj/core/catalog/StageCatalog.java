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

  private StageCatalog(
      Map<String, StageImplementation> stages,
      Map<String, AssemblerImplementation> assemblers,
      Path libdir) {
    this.stages = Map.copyOf(stages);
    this.assemblers = Map.copyOf(assemblers);
    this.libdir = libdir;
  }

  /** Every native stage and assembler on the class path (META-INF/services). */
  public static StageCatalog fromClassPath() {
    Map<String, StageImplementation> stages = new TreeMap<>();
    ServiceLoader.load(StageImplementation.class).forEach(s -> stages.put(s.name(), s));
    Map<String, AssemblerImplementation> assemblers = new TreeMap<>();
    ServiceLoader.load(AssemblerImplementation.class).forEach(a -> assemblers.put(a.name(), a));
    return new StageCatalog(stages, assemblers, null);
  }

  public static StageCatalog empty() {
    return new StageCatalog(Map.of(), Map.of(), null);
  }

  public StageCatalog with(StageImplementation stage) {
    Map<String, StageImplementation> more = new TreeMap<>(stages);
    more.put(stage.name(), stage);
    return new StageCatalog(more, assemblers, libdir);
  }

  public StageCatalog with(AssemblerImplementation assembler) {
    Map<String, AssemblerImplementation> more = new TreeMap<>(assemblers);
    more.put(assembler.name(), assembler);
    return new StageCatalog(stages, more, libdir);
  }

  /** Also look for external stages and assemblers in this library directory. */
  public StageCatalog withLibdir(Path directory) {
    return new StageCatalog(
        stages, assemblers, directory == null ? null : directory.toAbsolutePath());
  }

  public Optional<Path> libdir() {
    return Optional.ofNullable(libdir);
  }

  /** The stage of that name: native first, then an executable in the library directory. */
  public Optional<StageImplementation> stage(String name) {
    StageImplementation stage = stages.get(name);
    if (stage != null) return Optional.of(stage);
    return executable("stages", name).map(path -> new ExternalStage(name, path));
  }

  public Optional<AssemblerImplementation> assembler(String name) {
    AssemblerImplementation assembler = assemblers.get(name);
    if (assembler != null) return Optional.of(assembler);
    return executable("assemblers", name).map(path -> new ExternalAssembler(name, path));
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
