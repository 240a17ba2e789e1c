package org.osbuildj.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.host.ForeignArchitecture;
import org.osbuildj.core.isolation.TreeMount;

/** Which architecture a tree's programs are of, as the executor reads it before a stage runs. */
class ProgramArchitectureTest {
  @TempDir Path dir;

  private static byte[] elf(int machine) {
    byte[] header = new byte[64];
    header[0] = 0x7F;
    header[1] = 'E';
    header[2] = 'L';
    header[3] = 'F';
    header[4] = 2;
    header[5] = 1;
    header[18] = (byte) machine;
    return header;
  }

  private Path layer(String name, byte[] env) throws Exception {
    Path root = Files.createDirectories(dir.resolve(name));
    if (env != null) {
      Files.createDirectories(root.resolve("usr/bin"));
      Files.write(root.resolve("usr/bin/env"), env);
    }
    return root;
  }

  private static Optional<String> of(TreeMount mount) {
    return ProgramArchitecture.of(mount).map(ForeignArchitecture::debianName);
  }

  @Test
  void aDirectoryTreesArchitectureIsThatOfItsEnv() throws Exception {
    assertThat(of(new TreeMount.Directory(layer("arm64", elf(0xB7))))).contains("arm64");
    assertThat(of(new TreeMount.Directory(layer("amd64", elf(0x3E))))).contains("amd64");
  }

  @Test
  void aTreeWithoutProgramsHasNoArchitecture() throws Exception {
    assertThat(of(new TreeMount.Directory(layer("empty", null)))).isEmpty();
    assertThat(of(new TreeMount.Directory(layer("script", "#!/bin/sh\n".getBytes())))).isEmpty();
  }

  @Test
  void anOverlaysTopmostLayerWithTheProgramDecides() throws Exception {
    Path upper = layer("upper", null);
    Path work = Files.createDirectories(dir.resolve("work"));
    TreeMount overlay =
        new TreeMount.Overlay(
            List.of(layer("middle", null), layer("lower", elf(0xB7))), upper, work);

    assertThat(of(overlay)).contains("arm64");

    // Anything but a regular file above (a whiteout, here a directory) hides the lower layers.
    Files.createDirectories(upper.resolve("usr/bin/env"));
    assertThat(of(overlay)).isEmpty();
  }

  @Test
  void aLinkOutOfTheTreeIsFollowedInsideIt() throws Exception {
    Path tree = layer("linked", null);
    Files.createDirectories(tree.resolve("usr/bin"));
    Files.write(tree.resolve("usr/bin/real-env"), elf(0xB7));
    Files.createSymbolicLink(tree.resolve("usr/bin/env"), Path.of("/usr/bin/real-env"));

    // The absolute link leads to the tree's /usr/bin/real-env (the host has none), never out.
    assertThat(of(new TreeMount.Directory(tree))).contains("arm64");
  }
}
