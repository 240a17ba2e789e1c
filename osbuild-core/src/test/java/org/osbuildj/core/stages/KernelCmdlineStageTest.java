package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.StageHarness;

class KernelCmdlineStageTest {
  @TempDir Path tree;

  @Test
  void writesRootUuidThenTheOptions() throws Exception {
    StageHarness.of(new KernelCmdlineStage())
        .options(
            Stages.kernelCmdline("6a0d9c8e-3f0b-4c55-9b1c-2f8e1a7d4b21", "ro quiet")
                .toStage()
                .options())
        .run(tree);

    assertThat(Files.readString(tree.resolve("etc/kernel/cmdline")))
        .isEqualTo("root=UUID=6a0d9c8e-3f0b-4c55-9b1c-2f8e1a7d4b21 ro quiet\n");
  }

  @Test
  void withOnlyOptionsWritesNoRoot() throws Exception {
    StageHarness.of(new KernelCmdlineStage())
        .options(Json.object().put("kernel_opts", "console=ttyS0"))
        .run(tree);

    assertThat(Files.readString(tree.resolve("etc/kernel/cmdline"))).isEqualTo("console=ttyS0\n");
  }
}
