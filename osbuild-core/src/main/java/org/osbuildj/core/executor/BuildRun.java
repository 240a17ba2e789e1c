package org.osbuildj.core.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.event.StepRef;
import org.osbuildj.core.fetch.SourceFetcher;
import org.osbuildj.core.host.Emulators;
import org.osbuildj.core.host.ForeignArchitecture;
import org.osbuildj.core.isolation.CommandFailedException;
import org.osbuildj.core.isolation.OutputTail;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.StageTimeoutException;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.source.Sources;
import org.osbuildj.core.spi.AssemblerImplementation;
import org.osbuildj.core.spi.StageImplementation;
import org.osbuildj.core.spi.StepImplementation;
import org.osbuildj.core.store.SourceStore;
import org.osbuildj.core.store.SourceView;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;

/**
 * One build: the sources fetched into the store first, then build pipelines, then the pipeline's
 * stages from the longest prefix already in the store, committing each finished stage, then the
 * assembler into a temporary directory that is moved into the output only on success.
 */
final class BuildRun {
  private final Osbuild osbuild;
  private final List<BuildResult.PipelineResult> results = new ArrayList<>();

  /** The sources, read-only, for every stage; null for a manifest without sources. */
  private Path sources;

  /** Registers the emulators foreign trees need, for this build only (unless kept). */
  private Emulators emulators;

  BuildRun(Osbuild osbuild) {
    this.osbuild = osbuild;
  }

  BuildResult run(Pipeline pipeline, Sources manifestSources, Path outputDir)
      throws IOException, InterruptedException {
    try (Emulators emulators =
        Emulators.forBuild(
            osbuild.keepEmulators(),
            message -> osbuild.emit(new BuildEvent.HostChanged(Instant.now(), message)))) {
      this.emulators = emulators;
      return runWithSources(pipeline, manifestSources, outputDir);
    } finally {
      this.emulators = null;
    }
  }

  private BuildResult runWithSources(Pipeline pipeline, Sources manifestSources, Path outputDir)
      throws IOException, InterruptedException {
    Instant start = Instant.now();
    if (manifestSources.isEmpty()) {
      return run(pipeline, outputDir, start);
    }
    SourceStore sourceStore =
        osbuild
            .store()
            .sourceStore()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the " + osbuild.store().describe() + " keeps no source files"));
    new SourceFetcher(sourceStore, osbuild::emit).fetch(manifestSources);
    Map<String, String> files = new LinkedHashMap<>();
    for (Sources.TypedFile typed : manifestSources.files()) {
      files.put(typed.relativePath(), typed.file().checksum().sha256());
    }
    try (SourceView view = sourceStore.view(files)) {
      // A source without files still gets its directory, as osbuild's source made its output.
      for (String type : manifestSources.byType().keySet()) {
        Files.createDirectories(view.directory().resolve(type));
      }
      sources = view.directory();
      return run(pipeline, outputDir, start);
    } finally {
      sources = null;
    }
  }

  private BuildResult run(Pipeline pipeline, Path outputDir, Instant start)
      throws IOException, InterruptedException {
    Optional<OutputStaging.Delivered> delivered = Optional.empty();
    try (BuiltTree tree = buildPipeline(pipeline, "tree")) {
      if (pipeline.assembler().isPresent()) {
        if (outputDir == null) {
          throw new IllegalArgumentException(
              "the pipeline has an assembler: an output directory is needed");
        }
        delivered =
            Optional.of(
                OutputStaging.deliver(
                    outputDir,
                    AssemblerOutputKey.of(
                        pipeline.assemblerId().orElseThrow(), osbuild.sourceDateEpoch()),
                    () -> alreadyInOutput(pipeline, tree),
                    output -> assemble(pipeline, tree, output)));
      }
    }
    return new BuildResult(
        results,
        delivered.map(OutputStaging.Delivered::step),
        delivered.map(OutputStaging.Delivered::files).orElse(List.of()),
        Duration.between(start, Instant.now()));
  }

  /**
   * Builds one pipeline (its build pipeline first) and returns its tree, leased: from the last
   * commit to the last use, nothing can evict it.
   */
  private BuiltTree buildPipeline(Pipeline pipeline, String name)
      throws IOException, InterruptedException {
    BuiltTree buildRoot =
        pipeline.buildPipeline().isPresent()
            ? buildPipeline(
                pipeline.buildPipeline().get(), name.equals("tree") ? "build" : name + ".build")
            : BuiltTree.HOST;
    try {
      Instant start = Instant.now();
      List<String> ids = pipeline.stageIds();
      int cached = cachedPrefix(ids);
      int count = stepCount(pipeline);
      osbuild.emit(new BuildEvent.PipelineStarted(Instant.now(), name, ids.size(), cached));
      List<BuildResult.StepResult> steps = new ArrayList<>();
      for (int i = 0; i < cached; i++) {
        StepRef step = stageRef(pipeline, name, i, count);
        steps.add(new BuildResult.StepResult(step, true, Duration.ZERO));
        osbuild.emit(new BuildEvent.StepFinished(Instant.now(), step, Duration.ZERO, true));
      }
      TreeLease lease;
      if (cached < ids.size()) {
        Optional<String> startFrom =
            cached > 0 ? Optional.of(ids.get(cached - 1)) : pipeline.base();
        try (Workspace workspace = osbuild.store().newWorkspace(startFrom)) {
          for (int i = cached; i < ids.size(); i++) {
            StepRef step = stageRef(pipeline, name, i, count);
            emulate(
                step,
                osbuild
                    .catalog()
                    .stage(pipeline.stages().get(i).name())
                    .orElseThrow()
                    .architectures(pipeline.stages().get(i).options()),
                Optional.of(workspace.mount()),
                buildRoot.mount());
            Duration took = runStage(pipeline.stages().get(i), step, buildRoot, workspace);
            Optional<String> parent = i > 0 ? Optional.of(ids.get(i - 1)) : pipeline.base();
            osbuild.store().commit(workspace, new TreeRecord(ids.get(i), step.name(), parent));
            steps.add(new BuildResult.StepResult(step, false, took));
            osbuild.emit(new BuildEvent.StepFinished(Instant.now(), step, took, false));
          }
          // Taken while the workspace still protects the last commit.
          lease = osbuild.store().read(ids.get(ids.size() - 1));
        }
      } else {
        lease =
            pipeline.treeId().isPresent() ? osbuild.store().read(pipeline.treeId().get()) : null;
      }
      BuildResult.PipelineResult result =
          new BuildResult.PipelineResult(name, pipeline.treeId(), steps);
      results.add(result);
      osbuild.emit(
          new BuildEvent.PipelineFinished(
              Instant.now(), name, pipeline.treeId(), Duration.between(start, Instant.now())));
      return new BuiltTree(result, lease, buildRoot);
    } catch (Exception | Error e) {
      buildRoot.close();
      throw e;
    }
  }

  /** How many leading stages are stored: the last stored id marks the end of the prefix. */
  private int cachedPrefix(List<String> ids) throws IOException {
    for (int i = ids.size(); i > 0; i--) {
      if (osbuild.store().contains(ids.get(i - 1))) {
        return i;
      }
    }
    return 0;
  }

  private Duration runStage(Stage stage, StepRef step, BuiltTree root, Workspace workspace)
      throws IOException {
    StageImplementation impl = osbuild.catalog().stage(stage.name()).orElseThrow();
    SandboxSpec spec =
        spec(impl, stage.options(), SandboxSpec.forStage(workspace.mount(), line -> {}), root);
    if (sources != null) {
      // Stages only, as in osbuild: an assembler reads the tree, not the sources.
      spec = spec.withSources(sources);
    }
    return runStep(
        step,
        spec,
        (sandbox, output) -> {
          if (osbuild
              .breakBefore()
              .filter(b -> b.equals(step.name()) || b.equals(step.id()))
              .isPresent()) {
            DebugShell.openBefore(sandbox, step, output::line);
          }
          impl.run(
              new SandboxStageContext(
                  step.id(), stage.options(), sandbox, osbuild.sourceDateEpoch(), output));
        });
  }

  /** The output directory holds this assembler's output, untouched since a build put it there. */
  private BuildResult.StepResult alreadyInOutput(Pipeline pipeline, BuiltTree tree) {
    StepRef step = assemblerRef(pipeline, tree);
    osbuild.emit(new BuildEvent.StepFinished(Instant.now(), step, Duration.ZERO, true));
    return new BuildResult.StepResult(step, true, Duration.ZERO);
  }

  private static StepRef assemblerRef(Pipeline pipeline, BuiltTree tree) {
    int count = stepCount(pipeline);
    return new StepRef(
        tree.result().name(),
        StepRef.Kind.ASSEMBLER,
        count,
        count,
        pipeline.assembler().orElseThrow().name(),
        pipeline.assemblerId().orElseThrow());
  }

  /**
   * Fills {@code staging} with the assembler's output: a copy of the one the store kept for this
   * assembler id, or a new one, which the store then keeps.
   */
  private BuildResult.StepResult assemble(Pipeline pipeline, BuiltTree tree, Path output)
      throws IOException {
    Assembler assembler = pipeline.assembler().orElseThrow();
    AssemblerImplementation impl = osbuild.catalog().assembler(assembler.name()).orElseThrow();
    String keptAs =
        AssemblerOutputKey.of(pipeline.assemblerId().orElseThrow(), osbuild.sourceDateEpoch());
    StepRef step = assemblerRef(pipeline, tree);
    if (osbuild.store().copyOut(keptAs, output)) {
      osbuild.emit(new BuildEvent.StepFinished(Instant.now(), step, Duration.ZERO, true));
      return new BuildResult.StepResult(step, true, Duration.ZERO);
    }
    emulate(
        step, impl.architectures(assembler.options()), Optional.empty(), tree.buildRoot().mount());
    Files.createDirectory(output);
    try (EmptyTree empty = tree.lease() == null ? EmptyTree.in(output.getParent()) : null) {
      TreeMount source = empty != null ? empty.mount() : tree.lease().mount();
      SandboxSpec spec =
          spec(
              impl,
              assembler.options(),
              SandboxSpec.forAssembler(source, output, line -> {}),
              tree.buildRoot());
      Duration took =
          runStep(
              step,
              spec,
              (sandbox, stepOutput) ->
                  impl.assemble(
                      new SandboxAssemblerContext(
                          step.id(),
                          assembler.options(),
                          sandbox,
                          osbuild.sourceDateEpoch(),
                          stepOutput)));
      osbuild.store().keepCopy(output, new TreeRecord(keptAs, assembler.name(), pipeline.treeId()));
      osbuild.emit(new BuildEvent.StepFinished(Instant.now(), step, took, false));
      return new BuildResult.StepResult(step, false, took);
    }
  }

  /**
   * Before a step runs: the emulators for the architectures it names, its tree's and its build
   * root's programs, where the host does not run them itself.
   */
  private void emulate(
      StepRef step, List<String> named, Optional<TreeMount> tree, Optional<TreeMount> buildRoot) {
    List<ForeignArchitecture> needed = new ArrayList<>();
    named.forEach(arch -> ForeignArchitecture.of(arch).ifPresent(needed::add));
    tree.flatMap(ProgramArchitecture::of).ifPresent(needed::add);
    buildRoot.flatMap(ProgramArchitecture::of).ifPresent(needed::add);
    for (ForeignArchitecture arch : needed) {
      if (arch.isForeignHere()) {
        emulators.ensure(arch, step.name() + " (id " + step.id() + ")");
      }
    }
  }

  private SandboxSpec spec(
      StepImplementation impl, Options options, SandboxSpec base, BuiltTree root)
      throws IOException {
    return spec(impl, options, base, root.mount());
  }

  /**
   * A step's sandbox: {@code base} with its build root (empty: the host's) and what it declares.
   */
  SandboxSpec spec(
      StepImplementation impl, Options options, SandboxSpec base, Optional<TreeMount> root)
      throws IOException {
    SandboxSpec spec =
        base.withBuildRoot(root.orElse(null))
            .withNetwork(impl.needsNetwork(options))
            .withCapabilities(impl.capabilities(options))
            .withLoopDevices(impl.usesLoopDevices())
            .withBlockDeviceMounts(impl.mountsBlockDevices())
            .withTimeout(osbuild.stageTimeout().orElse(null));
    if (impl.library().isPresent()) {
      spec = spec.withLibrary(impl.library().get());
    }
    for (var input : impl.inputs().entrySet()) {
      spec = spec.withInput(input.getKey(), input.getValue());
    }
    for (String cache : impl.caches(options)) {
      Optional<Path> dir = osbuild.store().cacheDirectory(cache);
      if (dir.isPresent()) spec = spec.withCache(cache, dir.get());
    }
    return spec;
  }

  @FunctionalInterface
  interface StepBody {
    void run(Sandbox sandbox, StepOutput output) throws Exception;
  }

  /** Runs a step in its sandbox, turning any failure into a StageFailedException that names it. */
  Duration runStep(StepRef step, SandboxSpec spec, StepBody body) throws IOException {
    Instant start = Instant.now();
    OutputTail tail = new OutputTail(OutputTail.DEFAULT_LINES);
    Optional<StepLogFile> logFile = StepLogFile.open(osbuild.logDirectory(), step);
    StepOutput output =
        new StepOutput(
            line -> {
              tail.add(line);
              osbuild.emit(new BuildEvent.StepLog(Instant.now(), step, line));
            },
            logFile.isPresent() ? logFile.get() : StepOutput.FullLog.NONE,
            (done, total, activity) ->
                osbuild.emit(
                    new BuildEvent.StepProgress(Instant.now(), step, done, total, activity)));
    SandboxSpec logged = spec.withLog(output.commands());
    osbuild.emit(new BuildEvent.StepStarted(start, step));
    try {
      osbuild
          .isolation()
          .run(
              logged,
              sandbox -> {
                body.run(sandbox, output);
                return null;
              });
      return Duration.between(start, Instant.now());
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      Optional<Integer> status =
          e instanceof CommandFailedException failed
              ? Optional.of(failed.result().exitStatus())
              : Optional.empty();
      String reason =
          status.isPresent()
              ? "command exited with status "
                  + status.get()
                  + ": "
                  + ((CommandFailedException) e).result().command().display()
              : e instanceof StageTimeoutException && spec.timeout() != null
                  // Whichever deadline struck (the command's or the sandbox's), say the limit.
                  ? "exceeded the stage timeout of "
                      + seconds(spec.timeout())
                      + ": "
                      + e.getMessage()
                  : e.getClass().getSimpleName() + ": " + e.getMessage();
      logFile.ifPresent(file -> file.line("# failed: " + reason));
      StageFailedException failure =
          new StageFailedException(
              step, reason, status, tail.lines(), logFile.map(StepLogFile::path), e);
      osbuild.emit(
          new BuildEvent.StepFailed(
              Instant.now(),
              step,
              Duration.between(start, Instant.now()),
              reason,
              status,
              tail.lines()));
      throw failure;
    } finally {
      if (logFile.isPresent()) logFile.get().close();
    }
  }

  /** {@code 2 s}, {@code 0.5 s}. */
  private static String seconds(Duration duration) {
    return java.math.BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString()
        + " s";
  }

  private static StepRef stageRef(Pipeline pipeline, String name, int index, int count) {
    return new StepRef(
        name,
        StepRef.Kind.STAGE,
        index + 1,
        count,
        pipeline.stages().get(index).name(),
        pipeline.stageIds().get(index));
  }

  private static int stepCount(Pipeline pipeline) {
    return pipeline.stages().size() + (pipeline.assembler().isPresent() ? 1 : 0);
  }

  /**
   * A finished tree held for later use (a build root, the assembler's input): the pipeline's
   * result, a lease on its stored tree (none for the host's root or an empty tree), and the build
   * root it was built in, held as long as the tree is, since its assembler runs there too.
   */
  private record BuiltTree(BuildResult.PipelineResult result, TreeLease lease, BuiltTree buildRoot)
      implements AutoCloseable {
    static final BuiltTree HOST = new BuiltTree(null, null, null);

    /** As a build root: empty means the host's. */
    Optional<TreeMount> mount() {
      return lease == null ? Optional.empty() : Optional.of(lease.mount());
    }

    @Override
    public void close() throws IOException {
      try {
        if (lease != null) lease.close();
      } finally {
        if (buildRoot != null) buildRoot.close();
      }
    }
  }

  /** The empty tree of a pipeline with no stages and no base, for its assembler. */
  private record EmptyTree(Path directory) implements AutoCloseable {
    static EmptyTree in(Path scratchParent) throws IOException {
      return new EmptyTree(Files.createTempDirectory(scratchParent, ".empty-tree-"));
    }

    TreeMount mount() {
      return new TreeMount.Directory(directory);
    }

    @Override
    public void close() throws IOException {
      OutputStaging.deleteRecursively(directory);
    }
  }
}
