package org.osbuildj.core.stages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets variables in a shell-style {@code KEY="value"} file such as {@code /etc/default/grub} or
 * {@code /etc/default/keyboard}: an assignment already there is replaced in place (keeping its
 * neighbours and comments), a new one is appended.
 */
final class ShellVariables {
  private ShellVariables() {}

  static String set(String text, Map<String, String> values) {
    Map<String, String> pending = new LinkedHashMap<>(values);
    List<String> lines = new ArrayList<>();
    for (String line : text.isEmpty() ? new String[0] : text.split("\n", -1)) {
      String key = keyOf(line);
      if (key != null && pending.containsKey(key)) {
        lines.add(assignment(key, pending.remove(key)));
      } else {
        lines.add(line);
      }
    }
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    pending.forEach((key, value) -> lines.add(assignment(key, value)));
    return String.join("\n", lines) + "\n";
  }

  private static String keyOf(String line) {
    String trimmed = line.strip();
    if (trimmed.startsWith("export ")) trimmed = trimmed.substring(7).strip();
    int equals = trimmed.indexOf('=');
    if (equals <= 0 || trimmed.startsWith("#")) return null;
    String key = trimmed.substring(0, equals);
    return key.matches("[A-Za-z_][A-Za-z0-9_]*") ? key : null;
  }

  // Values come from schema-checked options without quotes, backslashes, $ or backticks.
  private static String assignment(String key, String value) {
    return key + "=\"" + value + "\"";
  }
}
