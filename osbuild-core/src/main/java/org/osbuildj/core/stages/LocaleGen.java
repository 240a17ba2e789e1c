package org.osbuildj.core.stages;

import java.util.ArrayList;
import java.util.List;

/**
 * Edits Debian's {@code /etc/locale.gen}, the list of locales {@code locale-gen} builds: lines of
 * {@code <locale> <charset>}, commented out with {@code #} unless wanted.
 */
final class LocaleGen {
  static final String FILE = "/etc/locale.gen";
  static final String SUPPORTED = "/usr/share/i18n/SUPPORTED";

  private LocaleGen() {}

  /**
   * The file with {@code locale} enabled: its commented line uncommented, or, if it has none, the
   * line from the list of supported locales (or {@code <locale> <charset after the dot>}) appended.
   *
   * @throws IllegalArgumentException if the locale's character set cannot be known
   */
  static String enable(String text, String locale, String supported) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith(locale + " ")) {
        return text;
      }
      String uncommented = line.replaceFirst("^#\\s*", "");
      if (line.startsWith("#")
          && uncommented.startsWith(locale + " ")
          && uncommented.split("\\s+").length == 2) {
        lines.set(i, uncommented);
        return String.join("\n", lines) + "\n";
      }
    }
    lines.add(supportedLine(locale, supported));
    return String.join("\n", lines) + "\n";
  }

  private static String supportedLine(String locale, String supported) {
    for (String line : supported.split("\n")) {
      if (line.startsWith(locale + " ")) return line.strip();
    }
    int dot = locale.indexOf('.');
    if (dot < 0) {
      throw new IllegalArgumentException(
          "cannot tell the character set of locale "
              + locale
              + ": it is not in "
              + SUPPORTED
              + " and has no .<charset> in its name");
    }
    String charset = locale.substring(dot + 1).replaceFirst("@.*", "");
    return locale + " " + (charset.equalsIgnoreCase("utf8") ? "UTF-8" : charset);
  }
}
