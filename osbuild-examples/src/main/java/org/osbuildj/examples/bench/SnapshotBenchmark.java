package org.osbuildj.examples.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;
import org.osbuildj.core.tree.Directories;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.SnapshotMode;
import org.osbuildj.store.fs.DiskUsage;

/**
 * Measures, per snapshot mode and tree size, the time to take a writable snapshot of a stored tree,
 * the time to commit a small change to it, and the disk used by one big stage followed by five
 * small ones. Not a test: numbers depend on the machine. The benchmark's snapshot scenario ({@code
 * bin/bench --only snapshot}) repeats it; run alone (see {@code osbuild-store/STORE.md}):
 *
 * <pre>
 * java -cp ... org.osbuildj.examples.bench.SnapshotBenchmark [SIZES] [WORK_DIR]
 *   SIZES     comma-separated tree sizes, e.g. 10M,100M,1G (the default)
 *   WORK_DIR  where the stores are made (default /var/tmp/osbuild-store-bench); emptied after
 * </pre>
 */
public final class SnapshotBenchmark {
  private static final int FILE_BYTES = 64 * 1024;
  private static final int FILES_PER_DIR = 256;
  private static final int SMALL_STAGES = 5;

  private SnapshotBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Long> sizes = parseSizes(args.length > 0 ? args[0] : "10M,100M,1G");
    Path work = Path.of(args.length > 1 ? args[1] : "/var/tmp/osbuild-store-bench");
    List<SnapshotMode> modes = new ArrayList<>(List.of(SnapshotMode.COPY));
    if (FileStore.overlaySnapshotsAvailable()) {
      modes.add(SnapshotMode.OVERLAY);
    } else {
      System.out.println("(overlay mode skipped: it needs root and overlayfs)");
    }
    System.out.printf(
        "%-8s %-8s %14s %16s %16s %14s%n",
        "mode", "tree", "snapshot ms", "small commit ms", "big commit ms", "disk 1+5 MB");
    for (long size : sizes) {
      for (SnapshotMode mode : modes) {
        Files.createDirectories(work);
        Path storeDir = Files.createTempDirectory(work, "store-");
        try {
          Result r = measure(storeDir, mode, size);
          System.out.printf(
              Locale.ROOT,
              "%-8s %-8s %14.1f %16.1f %16.1f %14.1f%n",
              mode.name().toLowerCase(Locale.ROOT),
              human(size),
              r.snapshotMs,
              r.smallCommitMs,
              r.bigCommitMs,
              r.diskBytes / 1e6);
        } finally {
          Directories.deleteRecursively(storeDir);
        }
      }
    }
  }

  /**
   * One measurement: the mean time to snapshot a stored tree and to commit a small change to it
   * (over five small stages), the time to commit the big first tree, and the disk the six use.
   */
  public record Result(
      double snapshotMs, double smallCommitMs, double bigCommitMs, long diskBytes) {}

  /** Measures once, in a new store at {@code storeDir} (left for the caller to remove). */
  public static Result measure(Path storeDir, SnapshotMode mode, long size) throws IOException {
    try (FileStore store = FileStore.builder(storeDir).mode(mode).maxSize(Long.MAX_VALUE).open()) {
      String big = Sha256.hex("big-" + size);
      long bigCommitNanos;
      try (Workspace workspace = store.newWorkspace(Optional.empty())) {
        generateTree(writableDir(workspace), size);
        long start = System.nanoTime();
        store.commit(workspace, new TreeRecord(big, "bench.big", Optional.empty()));
        bigCommitNanos = System.nanoTime() - start;
      }
      long snapshotNanos = 0;
      long smallCommitNanos = 0;
      String parent = big;
      for (int stage = 1; stage <= SMALL_STAGES; stage++) {
        long start = System.nanoTime();
        // Each small stage starts from a fresh snapshot of the last tree, as a rebuild does.
        try (Workspace workspace = store.newWorkspace(Optional.of(parent))) {
          snapshotNanos += System.nanoTime() - start;
          Files.writeString(
              writableDir(workspace).resolve("small-" + stage), "small change " + stage + "\n");
          String id = Sha256.hex(parent + "-small-" + stage);
          start = System.nanoTime();
          store.commit(workspace, new TreeRecord(id, "bench.small", Optional.of(parent)));
          smallCommitNanos += System.nanoTime() - start;
          parent = id;
        }
      }
      return new Result(
          snapshotNanos / 1e6 / SMALL_STAGES,
          smallCommitNanos / 1e6 / SMALL_STAGES,
          bigCommitNanos / 1e6,
          DiskUsage.bytes(storeDir.resolve("objects")));
    }
  }

  /**
   * Where a stage's writes go without mounting anything: a copy workspace's directory, or an
   * overlay workspace's upper directory (valid to write while it is not mounted).
   */
  private static Path writableDir(Workspace workspace) {
    TreeMount mount = workspace.mount();
    return mount instanceof TreeMount.Overlay overlay
        ? overlay.upperDir()
        : ((TreeMount.Directory) mount).path();
  }

  private static void generateTree(Path root, long bytes) throws IOException {
    Random random = new Random(42);
    byte[] content = new byte[FILE_BYTES];
    long files = Math.max(1, bytes / FILE_BYTES);
    for (long i = 0; i < files; i++) {
      Path dir = Files.createDirectories(root.resolve("usr/share/d" + (i / FILES_PER_DIR)));
      random.nextBytes(content);
      try (OutputStream out = Files.newOutputStream(dir.resolve("f" + i))) {
        out.write(content);
      }
    }
  }

  public static List<Long> parseSizes(String text) {
    List<Long> sizes = new ArrayList<>();
    for (String part : text.split(",")) {
      String s = part.trim().toUpperCase(Locale.ROOT);
      long unit =
          switch (s.charAt(s.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
          };
      String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
      sizes.add(Long.parseLong(digits) * unit);
    }
    return sizes;
  }

  public static String human(long bytes) {
    if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "G";
    }
    if (bytes >= 1L << 20) {
      return (bytes >> 20) + "M";
    }
    return (bytes >> 10) + "K";
  }
}
