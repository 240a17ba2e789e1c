package org.osbuildj.core.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.host.ForeignArchitecture;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.tree.Tree;

/**
 * The architecture of a tree's programs, read from the ELF header of its {@code /usr/bin/env}
 * (coreutils', in every Debian and Fedora tree): before a stage runs, so that a tree of another
 * architecture (made by mmdebstrap with {@code architecture}, or taken as a {@code base}) gets its
 * emulator registered. Read from the host's side, layer by layer for an overlay.
 */
final class ProgramArchitecture {
  static final String PROGRAM = "usr/bin/env";

  private ProgramArchitecture() {}

  /** The architecture of the tree's programs; empty for a tree without them (yet). */
  static Optional<ForeignArchitecture> of(TreeMount mount) {
    List<Path> layers = new ArrayList<>();
    if (mount instanceof TreeMount.Directory directory) {
      layers.add(directory.path());
    } else if (mount instanceof TreeMount.Overlay overlay) {
      if (overlay.upperDir() != null) layers.add(overlay.upperDir());
      layers.addAll(overlay.lowerDirs());
    }
    for (Path layer : layers) {
      try {
        Path program = Tree.readOnlyAt(layer).resolve(PROGRAM);
        if (Files.isRegularFile(program, LinkOption.NOFOLLOW_LINKS)) {
          return ForeignArchitecture.ofProgram(program);
        }
        // A whiteout or anything else in an upper layer hides the lower ones.
        if (Files.exists(program, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
