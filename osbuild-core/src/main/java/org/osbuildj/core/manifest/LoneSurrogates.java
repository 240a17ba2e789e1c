package org.osbuildj.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds strings holding a lone UTF-16 surrogate: JSON text may escape one ({@code "\ud800"}), but
 * it is no Unicode character, has no UTF-8 form, and would reach ids, files and stages as a {@code
 * ?}.
 */
final class LoneSurrogates {
  private LoneSurrogates() {}

  /** A problem for every key and string value holding one, with its JSON path. */
  static List<Problem> in(JsonNode root) {
    List<Problem> problems = new ArrayList<>();
    visit(root, "", problems);
    return problems;
  }

  private static void visit(JsonNode node, String path, List<Problem> problems) {
    if (node.isTextual()) {
      int at = loneSurrogate(node.textValue());
      if (at >= 0) {
        problems.add(new Problem(orRoot(path), message(node.textValue(), at, "string")));
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        visit(node.get(i), path + "[" + i + "]", problems);
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String key = field.getKey();
        int at = loneSurrogate(key);
        if (at >= 0) {
          problems.add(new Problem(orRoot(path), message(key, at, "key \"" + escaped(key) + "\"")));
        }
        visit(field.getValue(), path + "." + escaped(key), problems);
      }
    }
  }

  private static String message(String text, int at, String what) {
    return String.format(
        "the %s holds a lone surrogate \\u%04x at character %d: JSON text must be Unicode,"
            + " and a \\ud800-\\udfff escape that is not half of a pair is not",
        what, (int) text.charAt(at), at + 1);
  }

  private static String orRoot(String path) {
    return path.isEmpty() ? "." : path;
  }

  /** The index of the first surrogate that is not half of a pair, or -1. */
  static int loneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** The text with every lone surrogate written as its escape, for paths in messages. */
  static String escaped(String s) {
    if (loneSurrogate(s) < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
