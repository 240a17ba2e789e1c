package org.osbuildj.core.rpm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * dnf's configuration file for one stage: a {@code [main]} section that reads no repository files
 * (only the manifest's repositories count, never the build root's), then one section per repository
 * with its settings as the manifest gives them, as the osbuild seed wrote them: strings as they
 * are, lists joined with spaces, booleans as 1 and 0, numbers as written.
 */
final class DnfConfiguration {
  private DnfConfiguration() {}

  /**
   * @param repos the stage's {@code repos} option, validated by its schema (no line breaks)
   * @param main further settings of the {@code [main]} section
   */
  static String render(JsonNode repos, Map<String, String> main) {
    StringBuilder text = new StringBuilder("[main]\nreposdir=\n");
    main.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    for (Iterator<Map.Entry<String, JsonNode>> ids = repos.fields(); ids.hasNext(); ) {
      Map.Entry<String, JsonNode> repo = ids.next();
      text.append('\n').append('[').append(repo.getKey()).append("]\n");
      for (Iterator<Map.Entry<String, JsonNode>> settings = repo.getValue().fields();
          settings.hasNext(); ) {
        Map.Entry<String, JsonNode> setting = settings.next();
        text.append(setting.getKey()).append('=').append(value(setting.getValue())).append('\n');
      }
    }
    return text.toString();
  }

  private static String value(JsonNode value) {
    if (value.isBoolean()) {
      return value.booleanValue() ? "1" : "0";
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(item.asText()));
      return String.join(" ", items);
    }
    return value.asText();
  }
}
