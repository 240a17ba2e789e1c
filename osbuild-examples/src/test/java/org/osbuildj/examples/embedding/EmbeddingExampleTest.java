package org.osbuildj.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osbuildj.examples.assertions.OsbuildAssertions.assertThatTar;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.executor.BuildResult;
import org.osbuildj.core.manifest.Manifest;

/**
 * The embedding example runs, and shows how a pipeline is built and checked from a JUnit 5 test.
 */
class EmbeddingExampleTest {
  @TempDir Path dir;

  @Test
  void aPipelineBuiltInCodeBuildsAndItsArchiveHoldsWhatEachStagePromised() throws Exception {
    BuildResult result = EmbeddingExample.build(dir.resolve("store"), dir.resolve("out"));

    assertThat(result.outputFiles()).containsExactly(dir.resolve("out/embedded.tar.gz"));
    assertThatTar(dir.resolve("out/embedded.tar.gz"))
        .hasEntry("./etc/hostname")
        .withContent("embedded\n")
        .and()
        .hasEntry("./etc/motd")
        .withContent("built from Java\n")
        .and()
        .hasNoEntry("./etc/fstab");
  }

  @Test
  void theCodeBuiltPipelineIsTheSameValueAsItsManifest() {
    String manifest = Manifest.write(EmbeddingExample.pipeline());

    assertThat(Manifest.read(manifest)).isEqualTo(EmbeddingExample.pipeline());
    assertThat(manifest).contains("\"org.example.motd\"");
  }
}
