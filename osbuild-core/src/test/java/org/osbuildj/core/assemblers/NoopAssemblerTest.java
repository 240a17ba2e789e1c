package org.osbuildj.core.assemblers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.StageHarness;

class NoopAssemblerTest {
  @TempDir Path base;

  @Test
  void writesNoFilesWhateverTheOptions() throws Exception {
    Path tree = Files.createDirectory(base.resolve("tree"));
    Files.writeString(tree.resolve("file"), "x");
    Path output = Files.createDirectory(base.resolve("out"));

    StageHarness.of(new NoopAssembler())
        .options(Json.object().put("any", true))
        .assemble(tree, output);

    assertThat(output).isEmptyDirectory();
    assertThat(tree.resolve("file")).hasContent("x");
  }
}
