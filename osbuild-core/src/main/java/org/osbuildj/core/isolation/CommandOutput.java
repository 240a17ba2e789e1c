package org.osbuildj.core.isolation;

import java.util.function.Consumer;

/**
 * Where a sandbox's output goes: the isolation's own messages and its commands' lines, each line
 * whole ({@link #accept}); a command's lines come through {@link #commandLine}, cut at {@link
 * #MAX_LINE_BYTES} so that no output can fill the memory. Whoever keeps a command's output whole,
 * as a step's log file does, takes its bytes as printed from {@link #commandBytes}.
 *
 * <pre>{@code
 * SandboxSpec.forStage(new TreeMount.Directory(tree), line -> System.out.println(line));
 * }</pre>
 */
@FunctionalInterface
public interface CommandOutput extends Consumer<String> {
  /**
   * The longest line a command's output is cut into, in bytes: a longer one keeps its start and
   * says how many bytes were cut ({@code aaa… (1048576 bytes cut)}).
   */
  int MAX_LINE_BYTES = 64 * 1024;

  /** A line that is no command's output, such as the isolation's own message; or any line. */
  @Override
  void accept(String line);

  /** A line a command printed, without its line end, cut at {@link #MAX_LINE_BYTES}. */
  default void commandLine(String line) {
    accept(line);
  }

  /**
   * Bytes a command printed, as it printed them, before the lines they end; after output that does
   * not end with a line end, a {@code '\n'}. Ignored unless a receiver keeps the output whole.
   */
  default void commandBytes(byte[] bytes, int offset, int length) {}
}
