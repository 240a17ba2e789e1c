package org.osbuildj.core.executor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.spi.StepImplementation;

/**
 * Finds the tools a pipeline's steps need on the host before anything runs. Only steps whose build
 * root is the host are checked: a build pipeline's tree is checked by its own stages' failures.
 */
final class HostToolCheck {
  private static final List<String> PATH =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

  private final StageCatalog catalog;

  HostToolCheck(StageCatalog catalog) {
    this.catalog = catalog;
  }

  /** The tools missing on this host, each once, in the order the pipeline needs them. */
  List<HostTool> missing(Pipeline pipeline) {
    Set<HostTool> missing = new LinkedHashSet<>();
    collect(pipeline, missing);
    return List.copyOf(missing);
  }

  private void collect(Pipeline pipeline, Set<HostTool> missing) {
    pipeline.buildPipeline().ifPresent(build -> collect(build, missing));
    if (pipeline.buildPipeline().isPresent()) {
      return;
    }
    for (Stage stage : pipeline.stages()) {
      catalog.stage(stage.name()).ifPresent(impl -> addMissing(impl, stage.options(), missing));
    }
    pipeline
        .assembler()
        .ifPresent(
            assembler ->
                catalog
                    .assembler(assembler.name())
                    .ifPresent(impl -> addMissing(impl, assembler.options(), missing)));
  }

  private static void addMissing(StepImplementation impl, Options options, Set<HostTool> missing) {
    for (HostTool tool : impl.requiredTools(options)) {
      if (!present(tool.program())) missing.add(tool);
    }
  }

  static boolean present(String program) {
    if (program.startsWith("/")) {
      return Files.exists(Path.of(program));
    }
    return PATH.stream().map(dir -> Path.of(dir, program)).anyMatch(Files::isExecutable);
  }
}
