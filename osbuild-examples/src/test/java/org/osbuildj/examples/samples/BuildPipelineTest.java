package org.osbuildj.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osbuildj.examples.assertions.OsbuildAssertions.assertThatTar;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.examples.assertions.TarAssert;

/**
 * The seed's headline feature on real content: a build pipeline made by mmdebstrap is the build
 * root of the image's own mmdebstrap, which needs the network inside that tree.
 */
@Tag("root")
@Tag("e2e")
class BuildPipelineTest {
  @TempDir Path work;

  @Test
  void mmdebstrapRunsInsideABuildRootThatMmdebstrapMadeAndReachesTheMirror() throws Exception {
    Samples.assumeHostCanBuild("/usr/bin/mmdebstrap", "/usr/bin/unshare");
    Path manifest = work.resolve("build-pipeline.json");
    Files.writeString(
        manifest,
        """
        {
          "name": "mmdebstrap in a build root",
          "build": {
            "name": "build",
            "stages": [{"name": "org.osbuild.mmdebstrap", "options": {"suite": "bookworm",
                "variant": "minbase", "include": ["mmdebstrap", "debian-archive-keyring"]}}]
          },
          "stages": [
            {"name": "org.osbuild.mmdebstrap", "options": {"suite": "bookworm", "variant": "minbase"}},
            {"name": "org.osbuild.hostname", "options": {"hostname": "built-inside"}}
          ],
          "assembler": {"name": "org.osbuild.tar", "options": {"filename": "inside.tar"}}
        }
        """);

    Samples.build(E2eStore.shared(), work.resolve("out"), manifest);

    Path archive = work.resolve("out/inside.tar");
    assertThatTar(archive).hasEntry("./etc/hostname").withContent("built-inside\n");
    String status = TarAssert.tar("-xOf", archive.toString(), "./var/lib/dpkg/status");
    // The build root had mmdebstrap; the image, a minbase made by it, does not.
    assertThat(status).contains("Package: base-files").doesNotContain("Package: mmdebstrap");
  }
}
