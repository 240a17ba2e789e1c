package org.osbuildj.core.pipeline;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes, as image and store sizes are given: {@code 2G}, {@code 2048M}, {@code 512K},
 * {@code 1T} (binary units: G means GiB, as qemu-img and truncate read them) or plain bytes.
 */
public record DataSize(long bytes) implements Comparable<DataSize> {
  private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*([KMGT]?)(i?B)?", Pattern.CASE_INSENSITIVE);
  private static final String UNITS = "KMGT";

  public DataSize {
    if (bytes < 0) throw new IllegalArgumentException("a size cannot be negative: " + bytes);
  }

  public static DataSize ofBytes(long bytes) {
    return new DataSize(bytes);
  }

  public static DataSize ofMiB(long mebibytes) {
    return new DataSize(Math.multiplyExact(mebibytes, 1L << 20));
  }

  public static DataSize ofGiB(long gibibytes) {
    return new DataSize(Math.multiplyExact(gibibytes, 1L << 30));
  }

  /**
   * Reads {@code 2G}, {@code 2048M}, {@code 512K}, {@code 2GiB} or {@code 2147483648}.
   *
   * @throws IllegalArgumentException saying what is accepted
   */
  public static DataSize parse(String text) {
    Matcher m = TEXT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: '" + text + "'; expected bytes, or a number with K, M, G "
          + "or T (binary units), such as 2G or 2048M");
    }
    try {
      long number = Long.parseLong(m.group(1));
      String unit = m.group(2).toUpperCase(Locale.ROOT);
      int shift = unit.isEmpty() ? 0 : 10 * (UNITS.indexOf(unit) + 1);
      if (shift > 0 && number > (Long.MAX_VALUE >> shift)) throw new ArithmeticException();
      return new DataSize(number << shift);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("size too large: '" + text + "'");
    }
  }

  @Override
  public int compareTo(DataSize other) {
    return Long.compare(bytes, other.bytes);
  }

  /** "1.5 GiB", "300 MiB", "12 B": for people. */
  @Override
  public String toString() {
    if (bytes < 1024) return bytes + " B";
    int unit = Math.min(UNITS.length() - 1, (63 - Long.numberOfLeadingZeros(bytes)) / 10 - 1);
    double value = bytes / (double) (1L << (10 * (unit + 1)));
    String number = value >= 100 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
    return number + " " + UNITS.charAt(unit) + "iB";
  }
}
