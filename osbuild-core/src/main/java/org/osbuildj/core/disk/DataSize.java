package org.osbuildj.core.disk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of bytes, such as a disk's size, written in manifests as a number of bytes or as a
 * string with a binary unit: {@code "512K"}, {@code "2048M"}, {@code "2G"}, {@code "1T"} (powers of
 * 1024, as {@code qemu-img} and {@code truncate} read them).
 *
 * <pre>{@code
 * DataSize.parse("2G").equals(DataSize.ofGiB(2));   // true
 * DataSize.ofMiB(2048).toString();                   // "2G"
 * }</pre>
 *
 * @param bytes the amount, never negative
 */
public record DataSize(long bytes) implements Comparable<DataSize> {
  private static final Pattern TEXT = Pattern.compile("([0-9]+)([KMGT]?)");
  private static final String UNITS = "KMGT";

  public DataSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative: " + bytes);
    }
  }

  public static DataSize ofBytes(long bytes) {
    return new DataSize(bytes);
  }

  public static DataSize ofKiB(long kib) {
    return new DataSize(Math.multiplyExact(kib, 1L << 10));
  }

  public static DataSize ofMiB(long mib) {
    return new DataSize(Math.multiplyExact(mib, 1L << 20));
  }

  public static DataSize ofGiB(long gib) {
    return new DataSize(Math.multiplyExact(gib, 1L << 30));
  }

  /**
   * Reads {@code "2G"}, {@code "2048M"}, {@code "512K"}, {@code "1T"} or a plain number of bytes.
   *
   * @throws IllegalArgumentException for anything else, or an amount beyond a {@code long}
   */
  public static DataSize parse(String text) {
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a size: '"
              + text
              + "'; expected a number of bytes, or a number followed by K, M, G or T (such as 2G)");
    }
    try {
      long number = Long.parseLong(m.group(1));
      int shift = m.group(2).isEmpty() ? 0 : 10 * (UNITS.indexOf(m.group(2)) + 1);
      if (shift > 0 && number > (Long.MAX_VALUE >> shift)) {
        throw new ArithmeticException("overflow");
      }
      return new DataSize(number << shift);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("size '" + text + "' is too large", e);
    }
  }

  /**
   * A size as an option holds it: a JSON integer of bytes or a string that {@link #parse} reads.
   */
  public static DataSize fromJson(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return new DataSize(value.asLong());
    }
    if (value.isTextual()) {
      return parse(value.asText());
    }
    throw new IllegalArgumentException(
        "not a size: " + value + "; expected bytes or a string such as \"2G\"");
  }

  public long mebibytesRoundedUp() {
    return (bytes + (1L << 20) - 1) >> 20;
  }

  public boolean isMultipleOf(long unit) {
    return bytes % unit == 0;
  }

  public DataSize plus(DataSize other) {
    return new DataSize(Math.addExact(bytes, other.bytes));
  }

  @Override
  public int compareTo(DataSize other) {
    return Long.compare(bytes, other.bytes);
  }

  /**
   * The largest unit that gives a whole number, as {@link #parse} reads it: {@code "2G"}, {@code
   * "1536M"}, {@code "1000"}.
   */
  @Override
  public String toString() {
    for (int i = UNITS.length(); i > 0; i--) {
      long unit = 1L << (10 * i);
      if (bytes != 0 && bytes % unit == 0) {
        return (bytes / unit) + String.valueOf(UNITS.charAt(i - 1));
      }
    }
    return Long.toString(bytes);
  }

  /** For people: "12 B", "300 MiB", "1.5 GiB". */
  public String toHumanString() {
    if (bytes < 1024) return bytes + " B";
    int unit = Math.min(UNITS.length() - 1, (63 - Long.numberOfLeadingZeros(bytes)) / 10 - 1);
    double value = bytes / (double) (1L << (10 * (unit + 1)));
    String number =
        value >= 100 || value == Math.rint(value)
            ? String.format(Locale.ROOT, "%.0f", value)
            : String.format(Locale.ROOT, "%.1f", value);
    return number + " " + UNITS.charAt(unit) + "iB";
  }
}
