package org.osbuildj.core.isolation;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Keeps the last lines a command printed, for error messages; older lines live in the log. Bounded
 * in lines and in characters: older lines go to make room for a long one, and a line longer than
 * the whole tail keeps only its start.
 */
public final class OutputTail {
  public static final int DEFAULT_LINES = 40;

  private static final int ROOM_FOR_NOTE = 40;

  /** Room for two lines of a command's output cut at their longest, with their notes. */
  public static final int DEFAULT_CHARACTERS = 2 * (CommandOutput.MAX_LINE_BYTES + ROOM_FOR_NOTE);

  private final int limit;
  private final int maxCharacters;
  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private long characters;

  /** A tail of at most {@code limit} lines and {@link #DEFAULT_CHARACTERS} characters. */
  public OutputTail(int limit) {
    this(limit, DEFAULT_CHARACTERS);
  }

  public OutputTail(int limit, int maxCharacters) {
    if (limit < 1 || maxCharacters <= ROOM_FOR_NOTE) {
      throw new IllegalArgumentException(
          "a tail keeps at least one line and more than " + ROOM_FOR_NOTE + " characters");
    }
    this.limit = limit;
    this.maxCharacters = maxCharacters;
  }

  public synchronized void add(String line) {
    String kept = line.length() <= maxCharacters ? line : start(line);
    lines.addLast(kept);
    characters += kept.length();
    while (lines.size() > limit || characters > maxCharacters) {
      characters -= lines.removeFirst().length();
    }
  }

  private String start(String line) {
    int keep = maxCharacters - ROOM_FOR_NOTE;
    if (Character.isHighSurrogate(line.charAt(keep - 1))) keep--;
    return line.substring(0, keep) + "\u2026 (" + (line.length() - keep) + " characters cut)";
  }

  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }
}
