package org.osbuildj.core.stages;

import java.util.ArrayList;
import java.util.List;

/**
 * A mode as chmod(1) takes it: octal ({@code 0755}, {@code 4711}) or symbolic clauses separated by
 * commas ({@code u+x}, {@code go-w}, {@code a=rX}, {@code u=rw,g=r,o=}, {@code g+s}, {@code +t},
 * {@code g=u}). A clause with no "who" means {@code a}, with no umask applied: a tree's modes must
 * not depend on the builder's umask.
 */
final class FileModeSpec {
  private final Integer octal;
  private final List<Clause> clauses;

  private record Clause(int who, char op, String perms) {}

  private FileModeSpec(Integer octal, List<Clause> clauses) {
    this.octal = octal;
    this.clauses = clauses;
  }

  /**
   * @throws IllegalArgumentException naming what is wrong
   */
  static FileModeSpec parse(String text) {
    if (text.matches("[0-7]{1,4}")) {
      return new FileModeSpec(Integer.parseInt(text, 8), List.of());
    }
    List<Clause> clauses = new ArrayList<>();
    for (String clause : text.split(",", -1)) {
      int i = 0;
      int who = 0;
      for (; i < clause.length() && "ugoa".indexOf(clause.charAt(i)) >= 0; i++) {
        who |=
            switch (clause.charAt(i)) {
              case 'u' -> 04700;
              case 'g' -> 02070;
              case 'o' -> 01007;
              default -> 07777;
            };
      }
      if (who == 0) who = 07777;
      if (i == clause.length())
        throw new IllegalArgumentException(
            "bad mode '" + text + "': '" + clause + "' has no + - or =");
      while (i < clause.length()) {
        char op = clause.charAt(i++);
        if ("+-=".indexOf(op) < 0)
          throw new IllegalArgumentException(
              "bad mode '" + text + "': expected + - or = in '" + clause + "'");
        int start = i;
        while (i < clause.length() && "+-=".indexOf(clause.charAt(i)) < 0) i++;
        String perms = clause.substring(start, i);
        if (!perms.matches("[rwxXst]*|[ugo]"))
          throw new IllegalArgumentException(
              "bad mode '" + text + "': bad permissions '" + perms + "'");
        clauses.add(new Clause(who, op, perms));
      }
    }
    return new FileModeSpec(null, clauses);
  }

  /** The mode a file with {@code current} mode gets ({@code directory} matters for X). */
  int apply(int current, boolean directory) {
    if (octal != null) return octal;
    int mode = current & 07777;
    for (Clause clause : clauses) {
      int bits = bits(clause.perms, mode, directory) & clause.who;
      mode =
          switch (clause.op) {
            case '+' -> mode | bits;
            case '-' -> mode & ~bits;
            default -> (mode & ~clause.who) | bits;
          };
    }
    return mode;
  }

  private static int bits(String perms, int mode, boolean directory) {
    if (perms.length() == 1 && "ugo".contains(perms)) {
      int shift =
          switch (perms.charAt(0)) {
            case 'u' -> 6;
            case 'g' -> 3;
            default -> 0;
          };
      int rwx = (mode >> shift) & 07;
      return rwx << 6 | rwx << 3 | rwx;
    }
    int bits = 0;
    for (char c : perms.toCharArray()) {
      bits |=
          switch (c) {
            case 'r' -> 0444;
            case 'w' -> 0222;
            case 'x' -> 0111;
            case 'X' -> directory || (mode & 0111) != 0 ? 0111 : 0;
            case 's' -> 06000;
            default -> 01000;
          };
    }
    return bits;
  }
}
