package org.osbuildj.examples.debian;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code org.osbuild.mmdebstrap} for real: a bookworm minbase tree, from the host's mirror. */
@DebianTreeTest
class MmdebstrapStageTest {

  @Test
  void aMinbaseTreeHasAptAndDebianVersionAndTheIncludedPackagesInstalled(DebianTrees trees)
      throws Exception {
    Path tree = trees.tree(trees.baseId());

    assertThat(tree.resolve("usr/bin/apt-get")).isRegularFile().isExecutable();
    assertThat(Files.readString(tree.resolve("etc/debian_version"))).startsWith("12.");
    String status = Files.readString(tree.resolve("var/lib/dpkg/status"));
    for (String pkg : DebianTrees.BASE_PACKAGES) {
      assertThat(status)
          .as("dpkg status of %s", pkg)
          .contains("Package: " + pkg + "\nStatus: install ok installed\n");
    }
  }
}
