package org.osbuildj.core.executor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.event.BuildListener;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.host.ToolMissingException;
import org.osbuildj.core.isolation.Isolation;
import org.osbuildj.core.manifest.InvalidManifestException;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.core.manifest.Manifest.Form;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipelines.PipelineGraph;
import org.osbuildj.core.source.Sources;
import org.osbuildj.core.spi.AssemblerImplementation;
import org.osbuildj.core.spi.StageImplementation;
import org.osbuildj.core.store.Store;

/**
 * Builds pipelines: how and where (store, isolation, stage implementations, listeners), kept apart
 * from what is built (the {@link Pipeline}).
 *
 * <pre>{@code
 * try (Osbuild osbuild = Osbuild.builder()
 *         .store(FileStore.open(storeDir))
 *         .isolation(NamespaceIsolation.create())
 *         .listener(event -> log.info("{}", event))
 *         .build()) {
 *   BuildResult result = osbuild.build(pipeline, outputDir);
 * }
 * }</pre>
 *
 * <p>A build first validates the whole pipeline (nothing is written to the store for an invalid
 * one), builds build pipelines first, takes every stage already in the store from there, runs the
 * rest through the isolation committing each, then runs the assembler into the output directory.
 * Closing it closes the store.
 */
public final class Osbuild implements AutoCloseable {
  private final Store store;
  private final Isolation isolation;
  private final StageCatalog catalog;
  private final List<BuildListener> listeners;
  private final Optional<Instant> sourceDateEpoch;
  private final Optional<Duration> stageTimeout;
  private final Optional<Path> logDirectory;
  private final Optional<String> breakBefore;
  private final boolean keepEmulators;

  private Osbuild(Builder b) {
    this.store = Objects.requireNonNull(b.store, "a store is needed: .store(FileStore.open(dir))");
    this.isolation =
        Objects.requireNonNull(
            b.isolation,
            "an isolation is needed: .isolation(NamespaceIsolation.create()) as root, or new HostIsolation()");
    this.catalog = b.catalog;
    this.listeners = List.copyOf(b.listeners);
    this.sourceDateEpoch = Optional.ofNullable(b.sourceDateEpoch);
    this.stageTimeout = Optional.ofNullable(b.stageTimeout);
    this.logDirectory = Optional.ofNullable(b.logDirectory);
    this.breakBefore = Optional.ofNullable(b.breakBefore);
    this.keepEmulators = b.keepEmulators;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks a pipeline without a store and without running anything: every stage and assembler has
   * an implementation in {@code catalog}, every options object satisfies its schema, and the host
   * has the tools the steps need. What a launcher calls before it opens a store, so that bad input
   * leaves the store untouched.
   */
  public static PipelineCheck check(Pipeline pipeline, StageCatalog catalog) {
    return check(pipeline, Sources.none(), Form.PLAIN, catalog);
  }

  /**
   * {@link #check(Pipeline, StageCatalog)} for a manifest: its sources are checked too, and each
   * problem has its JSON path in the manifest's form.
   */
  public static PipelineCheck check(Manifest manifest, StageCatalog catalog) {
    return check(manifest.pipeline(), manifest.sources(), manifest.form(), catalog);
  }

  private static PipelineCheck check(
      Pipeline pipeline, Sources sources, Form form, StageCatalog catalog) {
    try {
      return check(pipeline, sources, form, catalog, null);
    } catch (IOException e) {
      throw new UncheckedIOException("a check without a store read the store", e);
    }
  }

  /**
   * {@link #check(Pipeline, StageCatalog)} with this builder's catalog, and bases looked up in the
   * store.
   */
  public PipelineCheck check(Pipeline pipeline) throws IOException {
    return check(pipeline, Sources.none(), Form.PLAIN, catalog, store);
  }

  /**
   * {@link #check(Manifest, StageCatalog)} with this builder's catalog, bases looked up in the
   * store, and sources checked against it.
   */
  public PipelineCheck check(Manifest manifest) throws IOException {
    return check(manifest.pipeline(), manifest.sources(), manifest.form(), catalog, store);
  }

  private static PipelineCheck check(
      Pipeline pipeline, Sources sources, Form form, StageCatalog catalog, Store store)
      throws IOException {
    List<Problem> problems =
        new PipelineValidator(catalog, new OptionsValidator(), store)
            .problems(pipeline, sources, form);
    List<HostTool> missing =
        problems.isEmpty() ? new HostToolCheck(catalog).missing(pipeline) : List.of();
    return new PipelineCheck(problems, missing);
  }

  /**
   * Checks the pipeline's manifest without running anything.
   *
   * @throws InvalidManifestException naming every problem's JSON path
   */
  public void validate(Pipeline pipeline) throws IOException {
    check(pipeline).throwIfInvalid();
  }

  /**
   * Builds the pipeline, and runs its assembler into {@code outputDir}. Nothing is written to the
   * store for a pipeline that fails its {@link #check}.
   *
   * <p>Failures are unchecked {@link org.osbuildj.core.OsbuildException}s a caller can act on:
   *
   * @throws InvalidManifestException before anything runs, naming every problem's JSON path
   * @throws ToolMissingException before anything runs, naming the host's packages to install
   * @throws StageFailedException naming the stage, its id, exit status and last output
   * @throws org.osbuildj.core.store.StoreException when the store cannot be read or written
   * @throws IOException when the output directory cannot be written
   * @throws InterruptedException when the calling thread is interrupted; the running stage is
   *     stopped
   */
  public BuildResult build(Pipeline pipeline, Path outputDir)
      throws IOException, InterruptedException {
    check(pipeline).throwIfFailed();
    return new BuildRun(this).run(pipeline, Sources.none(), outputDir);
  }

  /**
   * Builds a manifest's pipeline as {@link #build(Pipeline, Path)} does, after fetching its sources
   * into the store: every stage then finds the files at the path its {@code "sources"} argument
   * names, read-only. Nothing runs before every source is in the store.
   *
   * @throws org.osbuildj.core.fetch.SourceFetchException before any stage runs, naming the file
   *     that could not be fetched, its URL and why; what was fetched before it stays in the store
   * @see #build(Pipeline, Path) for the other failures
   */
  public BuildResult build(Manifest manifest, Path outputDir)
      throws IOException, InterruptedException {
    check(manifest).throwIfFailed();
    return new BuildRun(this).run(manifest.pipeline(), manifest.sources(), outputDir);
  }

  /**
   * Builds a manifest of osbuild's format 2: its pipelines in order, each stage stored under the id
   * osbuild gives it ({@link PipelineGraph#stageIds}), so that a rebuild runs nothing; a pipeline's
   * {@code build} pipeline's tree is its stages' build root. What cannot be built yet ({@link
   * Format2Support}) is refused before anything runs.
   *
   * <pre>{@code
   * BuildResult built = osbuild.build(ManifestV2.read(text));
   * built.pipelines(); // by the manifest's names, each with its tree's id
   * }</pre>
   *
   * @throws InvalidManifestException before anything runs, naming each stage, input, device, mount
   *     or source not implemented yet, or option not valid, at its JSON path
   * @see #build(Pipeline, Path) for the other failures
   */
  public BuildResult build(PipelineGraph graph) throws IOException {
    List<Problem> problems = new ArrayList<>(new Format2OptionsCheck().problems(graph, catalog));
    problems.addAll(new Format2Support().unsupported(graph, catalog));
    if (!problems.isEmpty()) {
      throw new InvalidManifestException(problems);
    }
    return new GraphRun(this).run(graph);
  }

  public Store store() {
    return store;
  }

  public Isolation isolation() {
    return isolation;
  }

  public StageCatalog catalog() {
    return catalog;
  }

  Optional<Instant> sourceDateEpoch() {
    return sourceDateEpoch;
  }

  Optional<Duration> stageTimeout() {
    return stageTimeout;
  }

  Optional<String> breakBefore() {
    return breakBefore;
  }

  Optional<Path> logDirectory() {
    return logDirectory;
  }

  boolean keepEmulators() {
    return keepEmulators;
  }

  void emit(BuildEvent event) {
    for (BuildListener listener : listeners) {
      listener.onEvent(event);
    }
  }

  @Override
  public void close() throws IOException {
    store.close();
  }

  /** Configures an {@link Osbuild}; a store and an isolation are required. */
  public static final class Builder {
    private Store store;
    private Isolation isolation;
    private StageCatalog catalog = StageCatalog.fromClassPath();
    private final List<BuildListener> listeners = new ArrayList<>();
    private Instant sourceDateEpoch;
    private Duration stageTimeout;
    private Path logDirectory;
    private String breakBefore;
    private boolean keepEmulators;

    private Builder() {}

    public Builder store(Store store) {
      this.store = store;
      return this;
    }

    public Builder isolation(Isolation isolation) {
      this.isolation = isolation;
      return this;
    }

    /** Replaces the stage catalog (by default: every native stage on the class path). */
    public Builder catalog(StageCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** Adds a native stage of one's own to the catalog. */
    public Builder stage(StageImplementation stage) {
      this.catalog = catalog.with(stage);
      return this;
    }

    public Builder assembler(AssemblerImplementation assembler) {
      this.catalog = catalog.with(assembler);
      return this;
    }

    /**
     * Also run external stages and assemblers from {@code <libdir>/stages} and {@code /assemblers}.
     */
    public Builder libdir(Path libdir) {
      this.catalog = catalog.withLibdir(libdir);
      return this;
    }

    public Builder listener(BuildListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Timestamps stages and assemblers clamp to, for reproducible output. */
    public Builder sourceDateEpoch(Instant epoch) {
      this.sourceDateEpoch = epoch;
      return this;
    }

    /** How long one stage may run before all its processes are killed. */
    public Builder stageTimeout(Duration timeout) {
      this.stageTimeout = timeout;
      return this;
    }

    /** Keep every step's whole output in {@code <directory>/<step id>.log}. */
    public Builder logDirectory(Path directory) {
      this.logDirectory = directory;
      return this;
    }

    /**
     * Before the stage of this name or id runs, open an interactive shell in its sandbox, on this
     * process's terminal: for debugging a pipeline.
     */
    public Builder breakBefore(String stageNameOrId) {
      this.breakBefore = stageNameOrId;
      return this;
    }

    /**
     * Leave the QEMU emulators a build registers with binfmt_misc (to run a foreign architecture's
     * programs, such as an arm64 tree's on x86-64) registered when it ends, and binfmt_misc mounted
     * on {@code /proc/sys/fs/binfmt_misc} if it mounted it; by default both are undone. See {@link
     * org.osbuildj.core.host.Emulators}.
     */
    public Builder keepEmulators(boolean keep) {
      this.keepEmulators = keep;
      return this;
    }

    public Osbuild build() {
      return new Osbuild(this);
    }
  }
}
