package org.osbuildj.examples.debian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.osbuildj.core.debian.MmdebstrapStage;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.executor.BuildResult;
import org.osbuildj.core.executor.Osbuild;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.pipeline.StageSource;
import org.osbuildj.core.stages.NoopStage;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.testing.TreeDiff;
import org.osbuildj.isolation.linux.NamespaceIsolation;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.SnapshotMode;

/**
 * A store with a Debian bookworm minbase tree, shared by every real-tree test of a run: the tree is
 * built once (and kept between runs in {@link #STORE}), and each test builds "base + one stage" on
 * it and compares the two trees. COPY snapshots keep every stored tree a plain directory, which is
 * what {@link TreeDiff} reads.
 *
 * <p>Ids depend on stage names and options only, so a store kept between runs would hand out trees
 * that older code built. The base pipeline therefore starts with a noop whose option is a {@link
 * #salt salt} of everything else a tree depends on: the compiled code of osbuild-core, -isolation
 * and -store (the sandbox program included), the mmdebstrap stage's options and the host's
 * mmdebstrap. A change to any of them builds every tree afresh, the minbase tree included.
 */
public final class DebianTrees implements ExtensionContext.Store.CloseableResource {
  /** Fixed, so that repeated local runs take the base tree and unchanged stages from the store. */
  public static final Path STORE = Path.of("/var/tmp/osbuild-java-test-store");

  /** Every build clamps timestamps to this, so tests can tell the files a stage wrote. */
  public static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000);

  /**
   * What the base tree holds on top of minbase: what the configuration stages drive (systemd,
   * locale-gen, useradd is already in minbase) and nothing bigger.
   */
  public static final List<String> BASE_PACKAGES = List.of("systemd", "locales");

  private final FileStore store;
  private final Osbuild osbuild;
  private final Pipeline base;
  private final Duration baseBuildTime;
  private final List<TreeLease> leases = new ArrayList<>();
  private final List<String> log;

  private DebianTrees(
      FileStore store, Osbuild osbuild, Pipeline base, Duration baseBuildTime, List<String> log) {
    this.log = log;
    this.store = store;
    this.osbuild = osbuild;
    this.base = base;
    this.baseBuildTime = baseBuildTime;
  }

  static DebianTrees open() throws Exception {
    FileStore store = FileStore.builder(STORE).mode(SnapshotMode.COPY).maxSize(8L << 30).open();
    List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    Osbuild osbuild =
        Osbuild.builder()
            .listener(
                event -> {
                  if (event instanceof BuildEvent.StepLog line) log.add(line.line());
                })
            .store(store)
            .isolation(NamespaceIsolation.create())
            .sourceDateEpoch(EPOCH)
            .stageTimeout(Duration.ofMinutes(10))
            .build();
    Stage minbase = minbase(BASE_PACKAGES);
    // The noop changes nothing in the tree but the ids of every stage after it.
    Pipeline base =
        Pipeline.builder()
            .stage(
                Stage.of(
                    NoopStage.NAME,
                    Json.object().put("salt", salt(codeSources(), minbase, mmdebstrapVersion()))))
            .stage(minbase)
            .build();
    Instant start = Instant.now();
    osbuild.build(base, null);
    Duration took = Duration.between(start, Instant.now());
    System.out.println(
        "[debian-trees] base tree "
            + base.treeId().orElseThrow()
            + " ready in "
            + took.toMillis()
            + " ms");
    return new DebianTrees(store, osbuild, base, took, log);
  }

  /**
   * The class-path entries of the code that builds the trees: osbuild-core's, osbuild-isolation's
   * (which holds the sandbox program, compiled from its C source) and osbuild-store's classes.
   */
  public static List<Path> codeSources() {
    return List.of(
        CodeFingerprint.sourceOf(Stages.class),
        CodeFingerprint.sourceOf(NamespaceIsolation.class),
        CodeFingerprint.sourceOf(FileStore.class));
  }

  /**
   * A hash of what a stored tree depends on besides its stages' ids: the code in {@code
   * codeSources}, the stage that makes the first tree (its name and options) and the version of the
   * host program that stage runs.
   */
  public static String salt(List<Path> codeSources, Stage first, String toolVersion)
      throws IOException {
    return Sha256.hex(
        String.join(
            "\n",
            CodeFingerprint.of(codeSources),
            first.name(),
            first.options().canonical(),
            toolVersion));
  }

  /** What {@code mmdebstrap --version} prints, or why it cannot say. */
  static String mmdebstrapVersion() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("mmdebstrap", "--version").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return "status " + process.waitFor() + ": " + output.strip();
  }

  /** The mmdebstrap stage that makes a bookworm minbase tree with these extra packages. */
  public static Stage minbase(List<String> include) {
    var options = Json.object().put("suite", "bookworm").put("variant", "minbase");
    var packages = options.putArray("include");
    include.forEach(packages::add);
    return Stage.of(MmdebstrapStage.NAME, options);
  }

  public Osbuild osbuild() {
    return osbuild;
  }

  public FileStore store() {
    return store;
  }

  /** The id of the shared base tree. */
  public String baseId() {
    return base.treeId().orElseThrow();
  }

  public Duration baseBuildTime() {
    return baseBuildTime;
  }

  /** A pipeline starting from the base tree, with these stages. */
  public Pipeline onBase(StageSource... stages) {
    Pipeline.Builder builder = Pipeline.builder().base(baseId());
    for (StageSource stage : stages) {
      builder.stage(stage);
    }
    return builder.build();
  }

  /** Every line the stages logged since the last call, which clears them. */
  public List<String> takeLog() {
    synchronized (log) {
      List<String> lines = List.copyOf(log);
      log.clear();
      return lines;
    }
  }

  /** Builds a pipeline (from the store where it can) and returns the host directory of its tree. */
  public Path build(Pipeline pipeline) throws Exception {
    BuildResult result = osbuild.build(pipeline, null);
    return tree(result.tree().treeId().orElseThrow());
  }

  /** The host directory of a stored tree, held (not evicted) until the run ends. */
  public synchronized Path tree(String id) throws IOException {
    TreeLease lease = store.read(id);
    leases.add(lease);
    if (!(lease.mount() instanceof TreeMount.Directory directory)) {
      throw new IllegalStateException(
          "the test store must keep plain directories, got " + lease.mount());
    }
    return directory.path();
  }

  /** What the stages change on the base tree. */
  public TreeDiff diffFromBase(StageSource... stages) throws Exception {
    return TreeDiff.between(tree(baseId()), build(onBase(stages)));
  }

  /** What {@code stage} changes on the tree {@code before} leaves on the base. */
  public TreeDiff diff(List<? extends StageSource> before, StageSource stage) throws Exception {
    List<StageSource> all = new ArrayList<>(before);
    all.add(stage);
    Path first =
        before.isEmpty() ? tree(baseId()) : build(onBase(before.toArray(StageSource[]::new)));
    return TreeDiff.between(first, build(onBase(all.toArray(StageSource[]::new))));
  }

  @Override
  public synchronized void close() throws Exception {
    for (TreeLease lease : leases) {
      lease.close();
    }
    osbuild.close();
  }
}
