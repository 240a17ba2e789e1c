package org.osbuildj.examples.embedding;

import java.nio.file.Path;
import org.osbuildj.core.assemblers.Assemblers;
import org.osbuildj.core.assemblers.TarCompression;
import org.osbuildj.core.executor.BuildResult;
import org.osbuildj.core.executor.Osbuild;
import org.osbuildj.core.isolation.HostIsolation;
import org.osbuildj.core.isolation.Isolation;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.isolation.linux.NamespaceIsolation;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.SnapshotMode;
import org.slf4j.LoggerFactory;

/**
 * Building a pipeline from Java code: the fluent builder for what is built, {@link Osbuild} for how
 * and where. Run with a store directory and an output directory as arguments.
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  /** The pipeline, built in code; it equals the same manifest read from JSON. */
  public static Pipeline pipeline() {
    return Pipeline.builder()
        .stage(Stages.hostname("embedded"))
        .stage(Stages.timezone("UTC"))
        .stage(Stage.of("org.example.motd", Json.object().put("text", "built from Java")))
        .assembler(Assemblers.tar("embedded.tar.gz").compression(TarCompression.GZIP))
        .build();
  }

  /** Builds {@link #pipeline()} into {@code output}, with the namespace isolation when root. */
  public static BuildResult build(Path storeDir, Path output) throws Exception {
    boolean isolated = NamespaceIsolation.isAvailable();
    Isolation isolation = isolated ? NamespaceIsolation.create() : new HostIsolation();
    try (Osbuild osbuild =
        Osbuild.builder()
            .store(
                FileStore.builder(storeDir)
                    .mode(isolated ? SnapshotMode.AUTO : SnapshotMode.COPY)
                    .open())
            .isolation(isolation)
            .listener(event -> LoggerFactory.getLogger(EmbeddingExample.class).info("{}", event))
            .build()) {
      return osbuild.build(pipeline(), output);
    }
  }

  public static void main(String[] args) throws Exception {
    BuildResult result = build(Path.of(args[0]), Path.of(args[1]));
    System.out.println("built " + result.outputFiles());
  }
}
