package org.osbuildj.core.executor;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.osbuildj.core.event.StepRef;

/**
 * The full output of one step, kept in a file named after the step's id, so a failure can point to
 * everything the stage printed and not only its last lines: its commands' output byte for byte
 * (however long a line), and the step's own lines. Writes are synchronized because output comes
 * from the process reader thread while the step thread logs too.
 */
final class StepLogFile implements StepOutput.FullLog, AutoCloseable {
  private final Path path;
  private final OutputStream out;
  private boolean atLineStart = true;

  private StepLogFile(Path path, OutputStream out) {
    this.path = path;
    this.out = out;
  }

  /** A log file in {@code directory}, or none when no directory is configured. */
  static Optional<StepLogFile> open(Optional<Path> directory, StepRef step) throws IOException {
    if (directory.isEmpty()) return Optional.empty();
    Files.createDirectories(directory.get());
    Path file = directory.get().resolve(step.id() + ".log");
    StepLogFile log = new StepLogFile(file, new BufferedOutputStream(createAnew(file)));
    log.line("# " + step.display() + " (id " + step.id() + ", pipeline " + step.pipeline() + ")");
    return Optional.of(log);
  }

  /**
   * The file made anew: the name is known from the manifest, so a link planted there must be
   * replaced, never written through (O_EXCL after the delete; a link put back in between makes the
   * open fail rather than follow it).
   */
  private static OutputStream createAnew(Path file) throws IOException {
    Files.deleteIfExists(file);
    return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  Path path() {
    return path;
  }

  /** A line of its own, after whatever a command left unfinished. */
  @Override
  public synchronized void line(String line) {
    try {
      if (!atLineStart) out.write('\n');
      out.write(line.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
      atLineStart = true;
    } catch (IOException e) {
      // Losing the log file must not fail the build; the events still carry every line.
    }
  }

  @Override
  public synchronized void bytes(byte[] bytes, int offset, int length) {
    if (length == 0) return;
    try {
      out.write(bytes, offset, length);
      atLineStart = bytes[offset + length - 1] == '\n';
    } catch (IOException e) {
      // As for a line.
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
