package org.osbuildj.examples.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.osbuildj.core.OsbuildException;
import org.osbuildj.core.build.BuildResult;
import org.osbuildj.core.build.Osbuild;
import org.osbuildj.core.build.PipelineValidator;
import org.osbuildj.core.build.StageFailedException;
import org.osbuildj.core.event.BuildListener;
import org.osbuildj.core.isolation.Isolation;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.InvalidManifestException;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.core.manifest.ManifestWriter;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.stage.OptionsValidator;
import org.osbuildj.core.stage.StageCatalog;
import org.osbuildj.core.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** osbuild's command line: {@code osbuild [--store DIR] [-l DIR] -o DIR PIPELINE}. */
@Command(
    name = "osbuild",
    mixinStandardHelpOptions = true,
    version = "osbuild-java 0.1.0",
    sortOptions = false,
    description = {
        "Builds the pipeline in a manifest (osbuild's seed format) and runs its assembler into the output "
            + "directory. Every stage's tree is kept in the store, so what is unchanged is never built twice.",
        "Exit status: 0 built, 1 the build failed, 2 the manifest or command line is invalid."})
final class OsbuildCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PIPELINE", description = "The manifest file, or - for standard input.")
  String manifest;

  @Option(names = {"-o", "--output", "--output-directory"}, paramLabel = "DIR",
      description = "Where the assembler writes its files (required unless --inspect).")
  Path output;

  @Option(names = "--store", paramLabel = "DIR",
      description = "The store of trees. Default: /var/cache/osbuild-java as root, else ~/.cache/osbuild-java.")
  Path store;

  @Option(names = {"-l", "--libdir"}, paramLabel = "DIR",
      description = "Also run external stages from DIR/stages and assemblers from DIR/assemblers.")
  Path libdir;

  @Option(names = "--inspect", description = "Print the manifest with every stage's id filled in; build nothing.")
  boolean inspect;

  @Option(names = "--json", description = "Print one JSON document describing the result on standard output.")
  boolean json;

  @Option(names = "--isolation", paramLabel = "KIND",
      description = "namespace (default, needs root) or host (no isolation at all: only for trusted stages).")
  IsolationChoice isolation;

  @Option(names = "--stage-timeout", paramLabel = "SECONDS",
      description = "Kill a stage and fail the build when it runs longer than this.")
  Long stageTimeoutSeconds;

  @Option(names = "--monitor", paramLabel = "NAME",
      description = "Also report progress as NAME: JSONSeqMonitor (a JSON text sequence, as osbuild's).")
  String monitor;

  @Option(names = "--monitor-fd", paramLabel = "FD", defaultValue = "1",
      description = "The file descriptor the monitor writes to (default: ${DEFAULT-VALUE}, standard output).")
  int monitorFd;

  @Option(names = {"-v", "--verbose"}, description = "Show every line stages print.")
  boolean verbose;

  private final PrintStream stdout;
  private final PrintStream stderr;
  private final Map<String, String> environment;

  OsbuildCommand(PrintStream stdout, PrintStream stderr, Map<String, String> environment) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Integer call() {
    Pipeline pipeline;
    try {
      pipeline = readManifest();
      StageCatalog catalog = StageCatalog.fromClassPath().withLibdir(libdir);
      // Checked before the store is opened, so bad input leaves the store untouched.
      new PipelineValidator(catalog, new OptionsValidator(), null).validate(pipeline);
      if (inspect) {
        stdout.print(Json.pretty(ManifestWriter.toJsonWithIds(pipeline)));
        return ExitStatus.SUCCESS;
      }
      if (output == null && pipeline.assembler().isPresent()) {
        return usage("the pipeline has an assembler: give the output directory with -o DIR");
      }
      return build(pipeline, catalog);
    } catch (InvalidManifestException e) {
      stderr.println("osbuild: " + e.getMessage());
      report(JsonReport.invalid(e));
      return ExitStatus.INVALID_INPUT;
    } catch (UsageException e) {
      return usage(e.getMessage());
    } catch (IOException e) {
      stderr.println("osbuild: " + e.getMessage());
      report(JsonReport.failure("build-failed", String.valueOf(e.getMessage())));
      return ExitStatus.BUILD_FAILED;
    }
  }

  private int build(Pipeline pipeline, StageCatalog catalog) throws UsageException {
    Optional<BuildListener> monitorListener = monitor();
    boolean root = HostFacts.isRoot();
    Isolation chosen = LauncherDefaults.isolation(isolation, root);
    Path storeDir = store != null ? store : StoreLocation.defaultFor(root);
    try (Store opened = LauncherDefaults.openStore(storeDir, chosen);
         Osbuild osbuild = Osbuild.builder()
             .store(opened)
             .isolation(chosen)
             .catalog(catalog)
             .listener(new ConsoleProgress(stderr, verbose))
             .listener(monitorListener.orElse(event -> { }))
             .sourceDateEpoch(sourceDateEpoch())
             .logDirectory(storeDir.resolve("logs"))
             .stageTimeout(stageTimeoutSeconds == null ? null : Duration.ofSeconds(stageTimeoutSeconds))
             .build()) {
      stderr.println("osbuild: store " + opened.describe() + ", isolation " + chosen.name());
      BuildResult result = osbuild.build(pipeline, output);
      result.outputFiles().forEach(file -> stderr.println("output: " + file));
      stderr.println("built in " + ConsoleProgress.seconds(result.duration()));
      report(JsonReport.success(result));
      return ExitStatus.SUCCESS;
    } catch (InvalidManifestException e) {
      stderr.println("osbuild: " + e.getMessage());
      report(JsonReport.invalid(e));
      return ExitStatus.INVALID_INPUT;
    } catch (StageFailedException e) {
      stderr.println("osbuild: " + e.getMessage());
      report(JsonReport.stageFailed(e));
      return ExitStatus.BUILD_FAILED;
    } catch (OsbuildException | IOException e) {
      stderr.println("osbuild: " + e.getMessage());
      report(JsonReport.failure("build-failed", String.valueOf(e.getMessage())));
      return ExitStatus.BUILD_FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stderr.println("osbuild: interrupted");
      return ExitStatus.BUILD_FAILED;
    } catch (Exception e) {
      stderr.println("osbuild: unexpected failure: " + e);
      e.printStackTrace(stderr);
      report(JsonReport.failure("internal-error", String.valueOf(e)));
      return ExitStatus.BUILD_FAILED;
    }
  }

  private Optional<BuildListener> monitor() throws UsageException {
    if (monitor == null) return Optional.empty();
    if (!monitor.equals("JSONSeqMonitor")) {
      throw new UsageException("unknown monitor " + monitor + ": the one there is, is JSONSeqMonitor");
    }
    if (monitorFd == 1) return Optional.of(new JsonSeqMonitor(stdout));
    if (monitorFd == 2) return Optional.of(new JsonSeqMonitor(stderr));
    try {
      // Opening /proc/self/fd/N reaches the same pipe or file the caller handed us as fd N.
      return Optional.of(new JsonSeqMonitor(new FileOutputStream("/proc/self/fd/" + monitorFd, true)));
    } catch (IOException e) {
      throw new UsageException("--monitor-fd " + monitorFd + " is not an open file descriptor: " + e.getMessage());
    }
  }

  private Pipeline readManifest() throws UsageException {
    try {
      return "-".equals(manifest) ? Manifest.read(System.in) : Manifest.read(Path.of(manifest));
    } catch (NoSuchFileException e) {
      throw new UsageException("no such manifest file: " + manifest);
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
      throw new UsageException("SOURCE_DATE_EPOCH must be a number of seconds since 1970, got: " + value);
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
