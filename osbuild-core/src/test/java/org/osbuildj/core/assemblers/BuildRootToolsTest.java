package org.osbuildj.core.assemblers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.host.ToolMissingException;
import org.osbuildj.core.isolation.HostIsolation;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.TreeMount;

class BuildRootToolsTest {
  @TempDir Path base;

  private void require(List<HostTool> tools) throws Exception {
    Path tree = Files.createDirectory(base.resolve("tree"));
    Path output = Files.createDirectory(base.resolve("out"));
    new HostIsolation()
        .run(
            SandboxSpec.forAssembler(new TreeMount.Directory(tree), output, line -> {}),
            sandbox -> {
              BuildRootTools.require(sandbox, "org.osbuild.test", tools);
              return null;
            });
  }

  @Test
  void missingProgramsAndFilesAreNamedWithTheirPackagesAndPresentOnesAreNot() {
    List<HostTool> tools =
        List.of(
            HostTool.of("sh", "dash"),
            HostTool.of("osbuildj-no-such-program", "osbuildj-tools"),
            HostTool.of("/osbuildj/no/such/boot.img", "osbuildj-images"));

    assertThatThrownBy(() -> require(tools))
        .isInstanceOfSatisfying(
            ToolMissingException.class,
            e -> {
              assertThat(e.missing())
                  .extracting(HostTool::program)
                  .containsExactly("osbuildj-no-such-program", "/osbuildj/no/such/boot.img");
              assertThat(e)
                  .hasMessageContaining("org.osbuild.test")
                  .hasMessageContaining("osbuildj-no-such-program (Debian package osbuildj-tools)")
                  .hasMessageContaining(
                      "/osbuildj/no/such/boot.img (Debian package osbuildj-images)");
            });
  }

  @Test
  void nothingIsThrownWhenEverythingIsThere() throws Exception {
    require(List.of(HostTool.of("sh", "dash"), HostTool.of("/bin/sh", "dash")));
  }
}
