package org.osbuildj.core.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputLineReaderTest {
  /** What the reader handed on: the lines, and the bytes counted (kept only when asked). */
  private static final class Received implements CommandOutput {
    final List<String> lines = new ArrayList<>();
    final OutputTail tail = new OutputTail(OutputTail.DEFAULT_LINES);
    final ByteArrayOutputStream kept;
    long bytes;

    Received(boolean keepBytes) {
      kept = keepBytes ? new ByteArrayOutputStream() : null;
    }

    @Override
    public void accept(String line) {
      throw new AssertionError("command lines come through commandLine");
    }

    @Override
    public void commandLine(String line) {
      lines.add(line);
      tail.add(line);
    }

    @Override
    public void commandBytes(byte[] b, int offset, int length) {
      bytes += length;
      if (kept != null) kept.write(b, offset, length);
    }
  }

  /**
   * Lines of {@code lineLength} bytes of 'a', each ended by a newline unless {@code newlines} is
   * false, made as they are read: nothing of its size is ever in memory.
   */
  private static InputStream generated(int lines, long lineLength, boolean newlines) {
    long length = newlines ? lineLength + 1 : lineLength;
    long total = lines * length;
    return new InputStream() {
      long position;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0];
      }

      @Override
      public int read(byte[] b, int offset, int count) {
        if (position == total) return -1;
        int n = (int) Math.min(count, total - position);
        Arrays.fill(b, offset, offset + n, (byte) 'a');
        if (newlines) {
          for (long end = position - position % length + lineLength;
              end < position + n;
              end += length) {
            b[offset + (int) (end - position)] = '\n';
          }
        }
        position += n;
        return n;
      }
    };
  }

  private static Received read(InputStream in, boolean keepBytes) throws IOException {
    Received received = new Received(keepBytes);
    OutputLineReader.read(in, received);
    return received;
  }

  @Test
  void aLineOf200MegabytesWithoutANewlineIsCutAtItsStartAndItsBytesAllPassThrough()
      throws IOException {
    long size = 200L * 1024 * 1024;

    Received received = read(generated(1, size, false), false);

    String start = "a".repeat(CommandOutput.MAX_LINE_BYTES);
    String cut = start + "\u2026 (" + (size - 65536) + " bytes cut)";
    assertThat(received.lines).extracting(String::length).containsExactly(cut.length());
    assertThat(received.lines).containsExactly(cut);
    assertThat(received.bytes).as("every byte, and a newline to end it").isEqualTo(size + 1);
  }

  @Test
  void fortyFiveLinesOf60MegabytesLeaveCutLinesAndATailBoundedInSize() throws IOException {
    long size = 60L * 1024 * 1024;

    Received received = read(generated(45, size, true), false);

    String cut = "a".repeat(65536) + "\u2026 (" + (size - 65536) + " bytes cut)";
    assertThat(received.lines).hasSize(45).containsOnly(cut);
    assertThat(received.tail.lines().stream().mapToInt(String::length).sum())
        .isLessThanOrEqualTo(OutputTail.DEFAULT_CHARACTERS);
    assertThat(received.tail.lines()).hasSize(2);
    assertThat(received.bytes).isEqualTo(45 * (size + 1));
  }

  @Test
  void linesEndAtNewlinesCarriageReturnsAndBothAndTheLastNeedsNoEnd() throws IOException {
    byte[] output = "one\ntwo\r\nthree\rfour\n\nlast".getBytes(StandardCharsets.UTF_8);

    Received received = read(new ByteArrayInputStream(output), true);

    assertThat(received.lines).containsExactly("one", "two", "three", "four", "", "last");
    assertThat(received.kept.toString(StandardCharsets.UTF_8))
        .isEqualTo("one\ntwo\r\nthree\rfour\n\nlast\n");
  }

  @Test
  void bytesThatAreNoUtf8PassThroughAsTheyAreAndReadAsReplacementsInTheLines() throws IOException {
    byte[] output = {'o', 'k', (byte) 0xff, '\n'};

    Received received = read(new ByteArrayInputStream(output), true);

    assertThat(received.lines).containsExactly("ok\ufffd");
    assertThat(received.kept.toByteArray()).isEqualTo(output);
  }

  @Test
  void noOutputIsNoLine() throws IOException {
    Received received = read(new ByteArrayInputStream(new byte[0]), true);

    assertThat(received.lines).isEmpty();
    assertThat(received.bytes).isZero();
  }
}
