package org.osbuildj.core.executor;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.osbuildj.core.event.StepRef;

/**
 * The full output of one step, kept in a file named after the step's id, so a failure can point to
 * everything the stage printed and not only its last lines. Writes are synchronized because output
 * lines come from the process reader thread while the step thread logs too.
 */
final class StepLogFile implements AutoCloseable {
  private final Path path;
  private final BufferedWriter writer;

  private StepLogFile(Path path, BufferedWriter writer) {
    this.path = path;
    this.writer = writer;
  }

  /** A log file in {@code directory}, or none when no directory is configured. */
  static Optional<StepLogFile> open(Optional<Path> directory, StepRef step) throws IOException {
    if (directory.isEmpty()) return Optional.empty();
    Files.createDirectories(directory.get());
    Path file = directory.get().resolve(step.id() + ".log");
    BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    writer.write(
        "# " + step.display() + " (id " + step.id() + ", pipeline " + step.pipeline() + ")\n");
    return Optional.of(new StepLogFile(file, writer));
  }

  Path path() {
    return path;
  }

  synchronized void line(String line) {
    try {
      writer.write(line);
      writer.write('\n');
    } catch (IOException e) {
      // Losing the log file must not fail the build; the events still carry every line.
    }
  }

  @Override
  public synchronized void close() throws IOException {
    writer.close();
  }
}
