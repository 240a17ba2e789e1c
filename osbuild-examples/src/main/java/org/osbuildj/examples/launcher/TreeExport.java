package org.osbuildj.examples.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osbuildj.core.executor.BuildResult;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.tree.Directories;
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

  static Path export(FileStore store, BuildResult result, String name, Path output)
      throws IOException {
    BuildResult.PipelineResult pipeline =
        result.pipelines().stream()
            .filter(p -> p.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no pipeline named " + name));
    String treeId =
        pipeline
            .treeId()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the " + name + " pipeline has an empty tree: nothing to export"));
    Path target = output.resolve(name);
    // An earlier export is replaced; the deletion never follows links, so it stays inside target.
    Directories.deleteRecursively(target);
    // A pipeline without an assembler made no output directory.
    java.nio.file.Files.createDirectories(output);
    store.export(treeId, target);
    return target;
  }
}
