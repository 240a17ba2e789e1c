package org.osbuildj.examples.foreign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.executor.BuildResult;
import org.osbuildj.core.executor.Osbuild;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.pipeline.StageSource;
import org.osbuildj.core.stages.NoopStage;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.examples.debian.DebianTrees;
import org.osbuildj.isolation.linux.NamespaceIsolation;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.SnapshotMode;

/**
 * A bootable arm64 Debian bookworm tree, built on this (x86-64) host once per run through QEMU's
 * user-mode emulator and kept between runs in {@link #STORE}, for every test that needs one (the
 * tree checks here, and a disk and boot test): minbase with the kernel, systemd, udev and login,
 * and an initramfs of only the modules a virtio disk with ext4 needs ({@link #MODULES}), made once.
 *
 * <p>As {@link DebianTrees}, the pipeline starts with a noop salted with the code and the host's
 * mmdebstrap, so a tree kept from an older build of the code is never handed out. Builds on it
 * ({@link #onBase}) run its programs emulated too: every build registers {@code qemu-aarch64} with
 * binfmt_misc when missing and removes it when it ends.
 */
public final class Arm64Tree implements ExtensionContext.Store.CloseableResource {
  /**
   * Its own store: one store directory is opened once per JVM ({@link DebianTrees} has the other).
   */
  public static final Path STORE = Path.of("/var/tmp/osbuild-java-test-store-arm64");

  /** What the tree holds on top of minbase: what boots it to a login prompt. */
  public static final List<String> PACKAGES =
      List.of("linux-image-arm64", "systemd-sysv", "udev", "login");

  /** The initramfs' modules: those of a virtio disk with an ext4 root, and nothing else. */
  public static final List<String> MODULES = List.of("virtio_pci", "virtio_blk", "ext4");

  private final FileStore store;
  private final Osbuild osbuild;
  private final Pipeline base;
  private final Duration buildTime;
  private final boolean built;
  private final List<TreeLease> leases = new ArrayList<>();
  private final List<String> log;
  private final List<String> hostChanges;

  private Arm64Tree(
      FileStore store,
      Osbuild osbuild,
      Pipeline base,
      Duration buildTime,
      boolean built,
      List<String> log,
      List<String> hostChanges) {
    this.store = store;
    this.osbuild = osbuild;
    this.base = base;
    this.buildTime = buildTime;
    this.built = built;
    this.log = log;
    this.hostChanges = hostChanges;
  }

  /** The mmdebstrap stage that makes the tree. */
  public static Stage mmdebstrap() {
    return Stages.mmdebstrap("bookworm")
        .withVariant("minbase")
        .withArchitecture("arm64")
        .withInclude(PACKAGES.toArray(String[]::new))
        .withInitramfs("list", MODULES, "ext4")
        .toStage();
  }

  static Arm64Tree open() throws Exception {
    FileStore store = FileStore.builder(STORE).mode(SnapshotMode.COPY).maxSize(8L << 30).open();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    List<String> hostChanges = Collections.synchronizedList(new ArrayList<>());
    Osbuild osbuild =
        Osbuild.builder()
            .listener(
                event -> {
                  if (event instanceof BuildEvent.StepLog line) log.add(line.line());
                  if (event instanceof BuildEvent.HostChanged change) {
                    hostChanges.add(change.message());
                    System.out.println("[arm64-tree] host: " + change.message());
                  }
                })
            .store(store)
            .isolation(NamespaceIsolation.create())
            .sourceDateEpoch(DebianTrees.EPOCH)
            .logDirectory(store.logDirectory())
            .stageTimeout(Duration.ofMinutes(30))
            .build();
    Stage mmdebstrap = mmdebstrap();
    Pipeline base =
        Pipeline.builder()
            .stage(
                Stage.of(
                    NoopStage.NAME,
                    Json.object()
                        .put(
                            "salt",
                            DebianTrees.salt(
                                DebianTrees.codeSources(), mmdebstrap, mmdebstrapVersion()))))
            .stage(mmdebstrap)
            .build();
    Instant start = Instant.now();
    BuildResult result = osbuild.build(base, null);
    Duration took = Duration.between(start, Instant.now());
    boolean built = result.tree().steps().stream().anyMatch(step -> !step.cached());
    System.out.println(
        "[arm64-tree] tree "
            + base.treeId().orElseThrow()
            + (built ? " built in " + took.toSeconds() + " s" : " taken from the store"));
    return new Arm64Tree(store, osbuild, base, took, built, log, hostChanges);
  }

  private static String mmdebstrapVersion() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("mmdebstrap", "--version").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes()).strip();
    return "status " + process.waitFor() + ": " + output;
  }

  public Osbuild osbuild() {
    return osbuild;
  }

  public FileStore store() {
    return store;
  }

  /** The id of the arm64 tree. */
  public String id() {
    return base.treeId().orElseThrow();
  }

  /** The pipeline that makes it (a noop salt, then mmdebstrap). */
  public Pipeline pipeline() {
    return base;
  }

  /** The host directory of the tree, held until the run ends. */
  public Path path() throws IOException {
    return tree(id());
  }

  /** How long the build took in this run; whether it ran (rather than coming from the store). */
  public Duration buildTime() {
    return buildTime;
  }

  public boolean builtInThisRun() {
    return built;
  }

  /** The mmdebstrap stage's whole log, kept in the store when it ran (in this run or before). */
  public List<String> mmdebstrapLog() throws IOException {
    Path file = store.logDirectory().resolve(base.stageIds().get(1) + ".log");
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  /** What builds said they changed on the host (binfmt_misc), since the last call. */
  public List<String> takeHostChanges() {
    synchronized (hostChanges) {
      List<String> lines = List.copyOf(hostChanges);
      hostChanges.clear();
      return lines;
    }
  }

  /** Every line stages logged since the last call. */
  public List<String> takeLog() {
    synchronized (log) {
      List<String> lines = List.copyOf(log);
      log.clear();
      return lines;
    }
  }

  /** A pipeline starting from the arm64 tree, with these stages. */
  public Pipeline onBase(StageSource... stages) {
    Pipeline.Builder builder = Pipeline.builder().base(id());
    for (StageSource stage : stages) builder.stage(stage);
    return builder.build();
  }

  /** Builds a pipeline and returns the host directory of its tree. */
  public Path build(Pipeline pipeline) throws Exception {
    BuildResult result = osbuild.build(pipeline, null);
    return tree(result.tree().treeId().orElseThrow());
  }

  /** The host directory of a stored tree, held until the run ends. */
  public synchronized Path tree(String id) throws IOException {
    TreeLease lease = store.read(id);
    leases.add(lease);
    if (!(lease.mount() instanceof TreeMount.Directory directory)) {
      throw new IllegalStateException(
          "the test store keeps plain directories, got " + lease.mount());
    }
    return directory.path();
  }

  @Override
  public synchronized void close() throws Exception {
    for (TreeLease lease : leases) lease.close();
    osbuild.close();
  }
}
