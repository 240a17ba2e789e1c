package org.osbuildj.core.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.osbuildj.core.tree.Directories;

/**
 * How an assembler's files reach the output directory: written into a staging directory beside it,
 * moved in only when the assembler succeeded, and recorded in a receipt; when the directory still
 * holds the very files of this assembler id, untouched, nothing runs and nothing is copied. Staging
 * directories that stopped builds left there are removed first ({@link StagingDirectory}).
 */
final class OutputStaging {
  /** Fills the staging directory's {@code output} subdirectory, or finds it already kept. */
  @FunctionalInterface
  interface Assembly {
    BuildResult.StepResult into(Path output) throws IOException, InterruptedException;
  }

  /** The assembler's result and the files now in the output directory. */
  record Delivered(BuildResult.StepResult step, List<Path> files) {}

  private OutputStaging() {}

  /**
   * @param unchanged reports that the output directory already holds this output, when it does
   * @param assembly writes the assembler's files into the directory it is given
   */
  static Delivered deliver(
      Path outputDir,
      String assemblerId,
      Supplier<BuildResult.StepResult> unchanged,
      Assembly assembly)
      throws IOException, InterruptedException {
    Files.createDirectories(outputDir);
    StagingDirectory.removeStale(outputDir);
    Optional<List<Path>> kept = OutputReceipt.unchanged(outputDir, assemblerId);
    if (kept.isPresent()) {
      return new Delivered(unchanged.get(), kept.get());
    }
    try (StagingDirectory staging = StagingDirectory.create(outputDir)) {
      BuildResult.StepResult step = assembly.into(staging.path().resolve("output"));
      OutputReceipt.forget(outputDir);
      List<Path> files = moveInto(staging.path().resolve("output"), outputDir);
      OutputReceipt.write(outputDir, assemblerId, files);
      return new Delivered(step, files);
    }
  }

  private static List<Path> moveInto(Path output, Path outputDir) throws IOException {
    List<Path> moved = new ArrayList<>();
    try (Stream<Path> entries = Files.list(output)) {
      for (Path entry : entries.sorted().toList()) {
        Path target = outputDir.resolve(entry.getFileName().toString());
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          deleteRecursively(target);
        }
        Files.move(
            entry, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        moved.add(target);
      }
    }
    return moved;
  }

  static void deleteRecursively(Path path) throws IOException {
    Directories.deleteRecursively(path);
  }
}
