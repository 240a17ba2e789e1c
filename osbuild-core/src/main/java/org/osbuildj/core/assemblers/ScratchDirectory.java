package org.osbuildj.core.assemblers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osbuildj.core.spi.AssemblerContext;
import org.osbuildj.core.tree.Directories;

/**
 * A hidden directory in an assembler's output for its intermediate files, seen both by its Java
 * code and by commands in the build root, and removed with everything in it on close: only the
 * product is left in the output.
 */
final class ScratchDirectory implements AutoCloseable {
  private final Path path;
  private final String inRoot;

  private ScratchDirectory(Path path, String inRoot) {
    this.path = path;
    this.inRoot = inRoot;
  }

  static ScratchDirectory create(AssemblerContext context, String name) throws IOException {
    Path path = Files.createDirectory(context.outputDirectory().resolve(name));
    String outputInRoot =
        context
            .sandbox()
            .outputInRoot()
            .orElseThrow(
                () -> new IllegalStateException("an assembler's sandbox has no output directory"));
    return new ScratchDirectory(path, outputInRoot + "/" + name);
  }

  /** A file in it, as this thread sees it. */
  Path file(String name) {
    return path.resolve(name);
  }

  /** The same file, as commands in the build root see it. */
  String fileInRoot(String name) {
    return inRoot + "/" + name;
  }

  @Override
  public void close() throws IOException {
    Directories.deleteRecursively(path);
  }
}
