package org.osbuildj.examples.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.osbuildj.core.OsbuildException;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.event.BuildListener;
import org.osbuildj.core.event.BuildTimeline;
import org.osbuildj.core.event.JsonSeqMonitor;
import org.osbuildj.core.executor.BuildResult;
import org.osbuildj.core.executor.Format2OptionsCheck;
import org.osbuildj.core.executor.Format2Support;
import org.osbuildj.core.executor.Osbuild;
import org.osbuildj.core.executor.PipelineCheck;
import org.osbuildj.core.executor.StageFailedException;
import org.osbuildj.core.host.Host;
import org.osbuildj.core.host.ToolMissingException;
import org.osbuildj.core.isolation.Isolation;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.InvalidManifestException;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.core.manifest.ManifestV2;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipelines.PipelineGraph;
import org.osbuildj.core.store.Store;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.remote.RemoteReport;
import org.osbuildj.store.remote.RemoteStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** osbuild's command line: {@code osbuild [--store DIR] [-l DIR] -o DIR PIPELINE}. */
@Command(
    name = "osbuild",
    mixinStandardHelpOptions = true,
    version = "osbuild-java 0.1.0",
    sortOptions = false,
    subcommands = StoreCommand.class,
    description = {
      "Builds the pipeline in a manifest (osbuild's version 1: the seed's form, or the later "
          + "{\"pipeline\", \"sources\"} form, whose sources are fetched into the store first) and runs "
          + "its assembler into the output directory. Every stage's tree is kept in the store, so what is unchanged is never built twice.",
      "Exit status: 0 built, 1 the build failed, 2 the manifest or command line is invalid."
    })
final class OsbuildCommand implements Callable<Integer> {
  /** The longest --stage-timeout: a year, far from where a Duration in nanoseconds overflows. */
  static final long MAX_STAGE_TIMEOUT_SECONDS = 365L * 24 * 3600;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PIPELINE",
      description = "The manifest file, or - for standard input.")
  String manifest;

  @Option(
      names = {"-o", "--output", "--output-directory"},
      paramLabel = "DIR",
      description = "Where the assembler writes its files (required unless --inspect).")
  Path output;

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description =
          "The store of trees. Default: /var/cache/osbuild-java as root, else ~/.cache/osbuild-java.")
  Path store;

  @Option(
      names = {"-l", "--libdir"},
      paramLabel = "DIR",
      description = "Also run external stages from DIR/stages and assemblers from DIR/assemblers.")
  Path libdir;

  @Option(
      names = "--libdir-first",
      description =
          "Where DIR has a stage or assembler of the same name as a native one, run DIR's (as the"
              + " osbuild seed's own steps want); by default the native one runs, and it is said so.")
  boolean libdirFirst;

  @Option(
      names = "--allow-mounts",
      paramLabel = "STEP",
      split = ",",
      description =
          "Trust the libdir's step STEP (repeatable, or comma-separated) with the profile that"
              + " mounts block devices, as the osbuild seed's disk assemblers do: it runs as the"
              + " host's root with CAP_SYS_ADMIN, with no user namespace between it and the host."
              + " Give it only to steps you have read.")
  List<String> allowMounts;

  @Option(
      names = "--cache-max-size",
      paramLabel = "SIZE",
      converter = SizeConverter.class,
      description =
          "Keep the store (trees, step logs, caches, sources) under SIZE (such as 20G; default"
              + " 20G), evicting the least recently used; it holds once the build has ended.")
  Long cacheMaxSize;

  @Mixin RemoteStoreOptions remote;

  @Option(
      names = "--checkpoint",
      paramLabel = "ID",
      description = "Accepted for osbuild's sake: every stage is kept in the store already.")
  List<String> checkpoints;

  @Option(
      names = "--export",
      paramLabel = "PIPELINE",
      description =
          "Also copy the finished tree of the pipeline named tree (or build) to OUTPUT/PIPELINE.")
  List<String> exports;

  @Option(
      names = "--break",
      paramLabel = "STAGE",
      description =
          "Open a shell in the sandbox of the stage with this name or id, right before it runs "
              + "(exit 0 to go on). The stage must not be cached: change the store or the stage to reach it.")
  String breakBefore;

  @Option(
      names = "--inspect",
      description = "Print the manifest with every stage's id filled in; build nothing.")
  boolean inspect;

  @Option(
      names = "--json",
      description = "Print one JSON document describing the result on standard output.")
  boolean json;

  @Option(
      names = "--timeline",
      paramLabel = "FILE",
      description =
          "Draw the build's steps on a time axis, with what came from the store, into FILE: an SVG"
              + " picture, or a web page when FILE ends in .html. Written when the build fails too.")
  Path timeline;

  @Option(
      names = "--isolation",
      paramLabel = "KIND",
      description =
          "namespace (default, needs root) or host (no isolation at all: only for trusted stages).")
  IsolationChoice isolation;

  @Option(
      names = "--stage-timeout",
      paramLabel = "SECONDS",
      description = "Kill a stage and fail the build when it runs longer than this.")
  Long stageTimeoutSeconds;

  @Option(
      names = "--monitor",
      paramLabel = "NAME",
      description =
          "Also report progress as NAME: JSONSeqMonitor (a JSON text sequence, as osbuild's).")
  String monitor;

  @Option(
      names = "--monitor-fd",
      paramLabel = "FD",
      defaultValue = "1",
      description =
          "The file descriptor the monitor writes to (default: ${DEFAULT-VALUE}, standard output).")
  int monitorFd;

  @Option(
      names = "--install-missing",
      description =
          "As root on Debian, install the host packages the pipeline needs when they are missing "
              + "(bin/osbuild passes this).")
  boolean installMissing;

  @Option(
      names = "--keep-binfmt",
      description =
          "Leave the QEMU emulators registered with binfmt_misc that the build registered to run"
              + " a foreign architecture's programs (such as an arm64 tree's), and binfmt_misc"
              + " mounted on /proc/sys/fs/binfmt_misc if it mounted it; by default both are undone"
              + " when the build ends.")
  boolean keepBinfmt;

  @Option(
      names = "--progress",
      paramLabel = "KIND",
      defaultValue = "auto",
      description =
          "How to show progress on standard error: term (a live line with a bar), plain (a line per "
              + "event), quiet, or auto (term on a terminal, else plain).")
  ProgressStyle progress;

  @Option(
      names = {"-q", "--quiet"},
      description = "Show only errors (same as --progress quiet).")
  boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show every line stages print.")
  boolean verbose;

  private final PrintStream stdout;
  private final PrintStream stderr;
  private final Map<String, String> environment;

  OsbuildCommand(PrintStream stdout, PrintStream stderr, Map<String, String> environment) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.environment = Map.copyOf(environment);
  }

  PrintStream stdout() {
    return stdout;
  }

  PrintStream stderr() {
    return stderr;
  }

  Map<String, String> environment() {
    return environment;
  }

  @Override
  public Integer call() {
    Manifest read;
    try {
      if (manifest == null) {
        throw new UsageException(
            "no manifest given: osbuild [OPTIONS] PIPELINE (or - for standard input); "
                + "see --help");
      }
      checkPaths();
      checkStageTimeout();
      remote.addresses();
      String text = readManifestText();
      if (ManifestV2.isFormat2(text)) {
        return format2(text);
      }
      read = readManifest(text);
      Pipeline pipeline = read.pipeline();
      StageCatalog catalog =
          StageCatalog.fromClassPath()
              .withLibdir(libdir)
              .withLibdirFirst(libdirFirst)
              .withBlockDeviceMounts(trustedToMount());
      // Checked before the store is opened, so bad input leaves the store untouched.
      PipelineCheck check = Osbuild.check(read, catalog).throwIfInvalid();
      ShadowedSteps.warn(pipeline, catalog, stderr);
      if (inspect) {
        stdout.print(Json.pretty(InspectOutput.of(read, catalog)));
        return ExitStatus.SUCCESS;
      }
      if (output == null && (pipeline.assembler().isPresent() || exports != null)) {
        return usage(
            "the pipeline has an assembler or --export: give the output directory with -o DIR");
      }
      for (String name : exports == null ? List.<String>of() : exports) {
        if (!TreeExport.pipelineNames(pipeline).contains(name)) {
          return usage(
              "--export "
                  + name
                  + ": no such pipeline; this manifest has "
                  + String.join(", ", TreeExport.pipelineNames(pipeline)));
        }
      }
      if (!hostToolsPresent(check, pipeline, catalog)) {
        return ExitStatus.INVALID_INPUT;
      }
      return build(read, catalog);
    } catch (InvalidManifestException e) {
      return invalid(e);
    } catch (UsageException e) {
      return usage(e.getMessage());
    }
  }

  private int invalid(InvalidManifestException e) {
    InvalidManifestException named = e.in("-".equals(manifest) ? "(standard input)" : manifest);
    stderr.println("osbuild: " + named.getMessage());
    report(JsonReport.invalid(named));
    return ExitStatus.INVALID_INPUT;
  }

  /**
   * The directories named on the command line, checked before anything is read or runs: none empty
   * (which would mean the current directory), the output and the store directories or still to be
   * made, the libdir a directory holding stages/ or assemblers/.
   */
  private void checkPaths() throws UsageException {
    CommandLinePaths.directoryOrAbsent("-o", output);
    CommandLinePaths.directoryOrAbsent("--store", store);
    CommandLinePaths.libdir("-l", libdir);
    CommandLinePaths.fileToWrite("--timeline", timeline);
  }

  private void checkStageTimeout() throws UsageException {
    if (stageTimeoutSeconds != null
        && (stageTimeoutSeconds < 1 || stageTimeoutSeconds > MAX_STAGE_TIMEOUT_SECONDS)) {
      throw new UsageException(
          "--stage-timeout "
              + stageTimeoutSeconds
              + ": expected a whole number of seconds from 1 to "
              + MAX_STAGE_TIMEOUT_SECONDS
              + " (a year)");
    }
  }

  /** The steps named by --allow-mounts, each of which must be one of the libdir's. */
  private Set<String> trustedToMount() throws UsageException {
    Set<String> names = new TreeSet<>(allowMounts == null ? List.of() : allowMounts);
    for (String name : names) {
      boolean inLibdir =
          libdir != null
              && (Files.isExecutable(libdir.resolve("stages").resolve(name))
                  || Files.isExecutable(libdir.resolve("assemblers").resolve(name)));
      if (!inLibdir) {
        throw new UsageException(
            "--allow-mounts "
                + name
                + ": no such stage or assembler in the libdir (-l DIR); only a libdir's steps"
                + " can be trusted to mount");
      }
    }
    return names;
  }

  /** What is built, once the store and executor are ready: a format-1 or a format-2 manifest. */
  private interface BuildCall {
    BuildResult build(Osbuild osbuild) throws IOException, InterruptedException;
  }

  private int build(Manifest read, StageCatalog catalog) throws UsageException {
    return build(osbuild -> osbuild.build(read, output), catalog);
  }

  private int build(BuildCall call, StageCatalog catalog) throws UsageException {
    Optional<BuildListener> monitorListener = monitor();
    BuildListener humanProgress = humanProgress();
    BuildTimeline recorded = new BuildTimeline();
    try {
      return build(
          call,
          catalog,
          event -> {
            humanProgress.onEvent(event);
            recorded.onEvent(event);
          },
          monitorListener);
    } finally {
      closeQuietly(humanProgress);
      writeTimeline(recorded);
    }
  }

  private void writeTimeline(BuildTimeline recorded) {
    if (timeline == null) return;
    try {
      TimelineFile.write(timeline, recorded);
      info("timeline: " + timeline);
    } catch (IOException e) {
      stderr.println("osbuild: could not write the timeline: " + Main.describe(e));
    }
  }

  private int build(
      BuildCall call,
      StageCatalog catalog,
      BuildListener humanProgress,
      Optional<BuildListener> monitorListener)
      throws UsageException {
    boolean root = Host.isRoot();
    Isolation chosen = LauncherDefaults.isolation(isolation, root);
    Path storeDir = store != null ? store : StoreLocation.defaultFor(root);
    try (FileStore opened = LauncherDefaults.openStore(storeDir, chosen, cacheMaxSize);
        Store shared = remote.given() ? remote.open(opened, environment, stderr) : opened;
        Osbuild osbuild =
            Osbuild.builder()
                .store(shared)
                .isolation(chosen)
                .catalog(catalog)
                .listener(humanProgress)
                .listener(monitorListener.orElse(event -> {}))
                .sourceDateEpoch(sourceDateEpoch())
                .logDirectory(opened.logDirectory())
                .breakBefore(breakBefore)
                .keepEmulators(keepBinfmt)
                .stageTimeout(
                    stageTimeoutSeconds == null ? null : Duration.ofSeconds(stageTimeoutSeconds))
                .build()) {
      info("osbuild: " + shared.describe() + ", isolation " + chosen.name());
      BuildResult result = call.build(osbuild);
      Optional<RemoteReport> remoteReport =
          shared instanceof RemoteStore r ? Optional.of(r.awaitPushes()) : Optional.empty();
      remoteReport.ifPresent(r -> RemoteStoreOptions.lines(r).forEach(this::info));
      for (String name : exports == null ? List.<String>of() : exports) {
        Path exported = TreeExport.export(opened, result, name, output);
        info("exported the " + name + " tree to " + exported);
      }
      result.outputFiles().forEach(file -> info("output: " + file));
      info("built in " + ConsoleProgress.seconds(result.duration()));
      report(JsonReport.success(result, remoteReport));
      return ExitStatus.SUCCESS;
    } catch (InvalidManifestException e) {
      return invalid(e);
    } catch (StageFailedException e) {
      stderr.println("osbuild: " + e.getMessage());
      report(JsonReport.stageFailed(e));
      return ExitStatus.BUILD_FAILED;
    } catch (OsbuildException | IOException e) {
      stderr.println("osbuild: " + Main.describe(e));
      report(JsonReport.failure("build-failed", Main.describe(e)));
      return ExitStatus.BUILD_FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stderr.println("osbuild: interrupted");
      return ExitStatus.BUILD_FAILED;
    } catch (RuntimeException e) {
      stderr.println("osbuild: unexpected failure: " + e);
      e.printStackTrace(stderr);
      report(JsonReport.failure("internal-error", String.valueOf(e)));
      return ExitStatus.BUILD_FAILED;
    }
  }

  private void info(String line) {
    if (!quiet && progress != ProgressStyle.QUIET) stderr.println(line);
  }

  private BuildListener humanProgress() {
    ProgressStyle style = quiet ? ProgressStyle.QUIET : progress;
    if (style == ProgressStyle.AUTO) {
      style = System.console() != null ? ProgressStyle.TERM : ProgressStyle.PLAIN;
    }
    return switch (style) {
      case TERM -> new TerminalProgress(stderr, verbose);
      case PLAIN -> new ConsoleProgress(stderr, verbose);
      default -> event -> {};
    };
  }

  private static void closeQuietly(BuildListener listener) {
    if (listener instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Only the status line is lost.
      }
    }
  }

  /**
   * Whether the host has the tools the pipeline needs, installing their packages when asked to and
   * able to.
   */
  private boolean hostToolsPresent(PipelineCheck check, Pipeline pipeline, StageCatalog catalog) {
    if (check.missingTools().isEmpty()) {
      return true;
    }
    ToolMissingException missing = ToolMissingException.onHost(check.missingTools());
    if (installMissing && HostPackages.canInstall()) {
      try {
        if (HostPackages.install(missing.packages(), stderr)
            && Osbuild.check(pipeline, catalog).missingTools().isEmpty()) {
          return true;
        }
      } catch (IOException e) {
        stderr.println("osbuild: apt-get failed: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    stderr.println("osbuild: " + missing.getMessage());
    report(JsonReport.failure("host-tool-missing", missing.getMessage()));
    return false;
  }

  private Optional<BuildListener> monitor() throws UsageException {
    if (monitor == null) return Optional.empty();
    if (!monitor.equals("JSONSeqMonitor")) {
      throw new UsageException(
          "unknown monitor " + monitor + ": the one there is, is JSONSeqMonitor");
    }
    if (monitorFd == 1) return Optional.of(new JsonSeqMonitor(stdout));
    if (monitorFd == 2) return Optional.of(new JsonSeqMonitor(stderr));
    try {
      // Opening /proc/self/fd/N reaches the same pipe or file the caller handed us as fd N.
      return Optional.of(
          new JsonSeqMonitor(new FileOutputStream("/proc/self/fd/" + monitorFd, true)));
    } catch (IOException e) {
      throw new UsageException(
          "--monitor-fd " + monitorFd + " is not an open file descriptor: " + e.getMessage());
    }
  }

  /**
   * A manifest of osbuild's format 2: the options of the stages {@link Format2OptionsCheck} knows
   * are checked; {@code --inspect} prints what osbuild's prints, byte for byte; {@code --export}
   * names must be pipelines of it; what {@link Format2Support} says is not implemented yet is
   * refused (exit 2) before the store is opened, the rest is built.
   */
  private int format2(String text) throws UsageException {
    PipelineGraph graph = readManifest(text, ManifestV2::read);
    StageCatalog catalog =
        StageCatalog.fromClassPath().withLibdir(libdir).withLibdirFirst(libdirFirst);
    List<Problem> problems = new Format2OptionsCheck().problems(graph, catalog);
    if (!problems.isEmpty()) {
      throw new InvalidManifestException(problems);
    }
    List<String> names = graph.pipelines().stream().map(p -> p.name()).toList();
    for (String name : exports == null ? List.<String>of() : exports) {
      if (!names.contains(name)) {
        return usage(
            "--export "
                + name
                + ": no such pipeline; this manifest has "
                + String.join(", ", names));
      }
    }
    if (inspect) {
      stdout.print(ManifestV2.inspect(graph, HostRunner.name()));
      return ExitStatus.SUCCESS;
    }
    // Checked before the store is opened, so what cannot be built leaves the store untouched.
    List<Problem> unsupported = new Format2Support().unsupported(graph, catalog);
    if (!unsupported.isEmpty()) {
      throw new InvalidManifestException(unsupported);
    }
    if (output == null && exports != null) {
      return usage("--export: give the output directory with -o DIR");
    }
    for (String name : exports == null ? List.<String>of() : exports) {
      if (graph.pipelineId(name).isEmpty()) {
        return usage("--export " + name + ": that pipeline has no stages: its tree is empty");
      }
    }
    return build(osbuild -> osbuild.build(graph), catalog);
  }

  /** The manifest's text, from its file or standard input, as the manifest readers read it. */
  private String readManifestText() throws UsageException {
    return readManifest(null, text -> text);
  }

  private Manifest readManifest(String text) throws UsageException {
    return readManifest(text, Manifest::load);
  }

  private interface Reader<T> {
    T read(String text);
  }

  /** Reads the manifest's text (when {@code text} is null) and then {@code reader} reads it. */
  private <T> T readManifest(String text, Reader<T> reader) throws UsageException {
    try {
      if (text != null) {
        return reader.read(text);
      }
      return reader.read(
          "-".equals(manifest) ? ManifestV2.text(System.in) : ManifestV2.text(Path.of(manifest)));
    } catch (InvalidManifestException e) {
      // As Manifest.load(Path) said it: the file's name as a Path writes it.
      throw "-".equals(manifest) ? e : e.in(Path.of(manifest).toString());
    } catch (NoSuchFileException e) {
      throw new UsageException("no such manifest file: " + manifest);
    } catch (FileSystemException e) {
      throw new UsageException("cannot read the manifest " + manifest + ": " + Main.reason(e));
    } catch (IOException e) {
      throw new UsageException("cannot read the manifest " + manifest + ": " + e.getMessage());
    }
  }

  private Instant sourceDateEpoch() throws UsageException {
    String value = environment.get("SOURCE_DATE_EPOCH");
    if (value == null || value.isBlank()) return null;
    try {
      return Instant.ofEpochSecond(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new UsageException(
          "SOURCE_DATE_EPOCH must be a number of seconds since 1970, got: " + value);
    }
  }

  private int usage(String message) {
    stderr.println("osbuild: " + message);
    report(JsonReport.failure("usage", message));
    return ExitStatus.INVALID_INPUT;
  }

  private void report(ObjectNode document) {
    if (json) {
      stdout.print(Json.pretty(document));
      stdout.flush();
    }
  }
}
