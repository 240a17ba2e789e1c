package org.osbuildj.core.isolation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a command's output into lines as it arrives, in bounded memory: a line longer than {@link
 * CommandOutput#MAX_LINE_BYTES} keeps its start, and the rest is only counted. A line ends at
 * {@code \n}, {@code \r} or {@code \r\n}, as {@link java.io.BufferedReader#readLine} has it.
 */
final class OutputLineReader {
  private final CommandOutput output;
  private final byte[] line = new byte[CommandOutput.MAX_LINE_BYTES];
  private int length;
  private long cut;
  private boolean afterCarriageReturn;
  private boolean atLineStart = true;

  private OutputLineReader(CommandOutput output) {
    this.output = output;
  }

  /** Reads {@code in} to its end, handing its bytes and its lines to {@code output}. */
  static void read(InputStream in, CommandOutput output) throws IOException {
    new OutputLineReader(output).readAll(in);
  }

  private void readAll(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    int count;
    while ((count = in.read(buffer)) != -1) {
      if (count == 0) continue;
      output.commandBytes(buffer, 0, count);
      take(buffer, count);
      byte last = buffer[count - 1];
      atLineStart = last == '\n' || last == '\r';
    }
    if (!atLineStart) {
      output.commandBytes(new byte[] {'\n'}, 0, 1);
      endLine();
    }
  }

  /** Splits {@code count} bytes at their line ends, copying only what fits a line. */
  private void take(byte[] buffer, int count) {
    int i = 0;
    while (i < count) {
      byte b = buffer[i];
      if (b == '\n' || b == '\r') {
        if (!(b == '\n' && afterCarriageReturn)) endLine();
        afterCarriageReturn = b == '\r';
        i++;
        continue;
      }
      afterCarriageReturn = false;
      int end = i;
      while (end < count && buffer[end] != '\n' && buffer[end] != '\r') end++;
      int fits = Math.min(end - i, line.length - length);
      System.arraycopy(buffer, i, line, length, fits);
      length += fits;
      cut += end - i - fits;
      i = end;
    }
  }

  private void endLine() {
    String text = new String(line, 0, length, StandardCharsets.UTF_8);
    if (cut > 0) {
      text += "\u2026 (" + cut + " bytes cut)";
    }
    length = 0;
    cut = 0;
    output.commandLine(text);
  }
}
