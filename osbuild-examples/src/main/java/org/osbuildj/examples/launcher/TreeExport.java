package org.osbuildj.examples.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.List;
import org.osbuildj.core.executor.BuildResult;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.store.FileStore;

/** {@code --export NAME}: copies a finished pipeline's tree out of the store into the output. */
final class TreeExport {
  private TreeExport() {}

  /** The names the executor gives this manifest's pipelines: tree, build, build.build, ... */
  static List<String> pipelineNames(Pipeline pipeline) {
    List<String> names = new ArrayList<>(List.of("tree"));
    String name = "build";
    for (Pipeline p = pipeline; p.buildPipeline().isPresent(); p = p.buildPipeline().get()) {
      names.add(name);
      name = name + ".build";
    }
    return names;
  }

  static Path export(FileStore store, BuildResult result, String name, Path output) throws IOException {
    BuildResult.PipelineResult pipeline = result.pipelines().stream().filter(p -> p.name().equals(name))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("no pipeline named " + name));
    String treeId = pipeline.treeId().orElseThrow(() -> new IllegalArgumentException(
        "the " + name + " pipeline has an empty tree: nothing to export"));
    Path target = output.resolve(name);
    deleteRecursively(target);
    store.export(treeId, target);
    return target;
  }

  // An earlier export is replaced; deletion never follows symlinks, so it stays inside target.
  private static void deleteRecursively(Path target) throws IOException {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> all = Files.walk(target)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
