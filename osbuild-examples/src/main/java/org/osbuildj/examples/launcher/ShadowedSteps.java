package org.osbuildj.examples.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;

/**
 * Says when a libdir holds a step that does not run because a native step of the same name does, so
 * that nobody takes the native one's output for their own step's.
 */
final class ShadowedSteps {
  private ShadowedSteps() {}

  static void warn(Pipeline pipeline, StageCatalog catalog, PrintStream out) {
    Set<String> lines = new LinkedHashSet<>();
    collect(pipeline, catalog, lines);
    lines.forEach(out::println);
  }

  private static void collect(Pipeline pipeline, StageCatalog catalog, Set<String> lines) {
    pipeline.buildPipeline().ifPresent(build -> collect(build, catalog, lines));
    for (Stage stage : pipeline.stages()) {
      line("stages", stage.name(), catalog).ifPresent(lines::add);
    }
    pipeline
        .assembler()
        .flatMap(assembler -> line("assemblers", assembler.name(), catalog))
        .ifPresent(lines::add);
  }

  private static Optional<String> line(String kind, String name, StageCatalog catalog) {
    Optional<Path> shadowed = catalog.shadowedExecutable(kind, name);
    return shadowed.map(
        path ->
            "osbuild: "
                + name
                + ": the native implementation runs, not "
                + path
                + " (--libdir-first runs the libdir's)");
  }
}
