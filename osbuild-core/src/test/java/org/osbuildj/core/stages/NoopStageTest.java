package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.StageHarness;
import org.osbuildj.core.testing.TreeFixtures;

class NoopStageTest {
  @TempDir Path tree;

  @Test
  void acceptsAnyOptionsAndChangesNothing() throws Exception {
    Files.writeString(tree.resolve("file"), "content");
    var before = TreeFixtures.snapshot(tree);

    var log =
        StageHarness.of(new NoopStage())
            .options(Json.object().put("anything", 1).put("else", "goes"))
            .run(tree);

    assertThat(TreeFixtures.snapshot(tree)).isEqualTo(before);
    assertThat(log).isEmpty();
  }
}
