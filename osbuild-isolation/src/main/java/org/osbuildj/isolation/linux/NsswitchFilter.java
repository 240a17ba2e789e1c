package org.osbuildj.isolation.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Removes NSS modules from an {@code nsswitch.conf} and keeps everything else as it was. A line
 * reads {@code database: service [STATUS=action] service ...}; the bracketed actions after a
 * service belong to it and go with it ({@code resolve [!UNAVAIL=return]} as a whole). Lines that
 * name none of the modules are kept byte for byte; a line left with no service at all is dropped,
 * so glibc uses its built-in default for that database, as it does when the file is missing.
 * Comments ({@code #} to the end of the line, as glibc reads them) are kept.
 */
final class NsswitchFilter {
  private NsswitchFilter() {}

  /** {@code content} without the {@code modules}; the same string if it names none of them. */
  static String without(String content, Set<String> modules) {
    StringBuilder out = new StringBuilder(content.length());
    int start = 0;
    while (start < content.length()) {
      int end = content.indexOf('\n', start);
      end = end < 0 ? content.length() : end + 1;
      out.append(line(content.substring(start, end), modules));
      start = end;
    }
    String filtered = out.toString();
    return filtered.equals(content) ? content : filtered;
  }

  private static String line(String line, Set<String> modules) {
    int ending = line.length();
    while (ending > 0 && (line.charAt(ending - 1) == '\n' || line.charAt(ending - 1) == '\r')) {
      ending--;
    }
    int hash = line.indexOf('#');
    int bodyEnd = hash >= 0 && hash < ending ? hash : ending;
    String body = line.substring(0, bodyEnd);
    String comment = line.substring(bodyEnd, ending);
    int colon = body.indexOf(':');
    if (colon < 0) {
      return line;
    }
    String rest = body.substring(colon + 1);
    List<Entry> entries = entries(rest);
    if (entries.stream().noneMatch(entry -> modules.contains(entry.service()))) {
      return line;
    }
    List<String> kept = new ArrayList<>();
    for (Entry entry : entries) {
      if (!modules.contains(entry.service())) {
        kept.add(entry.text());
      }
    }
    if (kept.stream().allMatch(text -> text.startsWith("["))) {
      // Nothing but the database's name (and maybe a stray action) would be left.
      return comment.isEmpty() ? "" : comment + line.substring(ending);
    }
    int services = 0;
    while (services < rest.length() && Character.isWhitespace(rest.charAt(services))) {
      services++;
    }
    return body.substring(0, colon + 1)
        + rest.substring(0, services)
        + String.join(" ", kept)
        + (comment.isEmpty() ? "" : " " + comment)
        + line.substring(ending);
  }

  /** A service and the bracketed actions that follow it. */
  private record Entry(String service, String text) {}

  private static List<Entry> entries(String services) {
    List<Entry> entries = new ArrayList<>();
    String service = "";
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < services.length()) {
      char c = services.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '[') {
        int close = services.indexOf(']', i);
        int end = close < 0 ? services.length() : close + 1;
        if (text.length() > 0) {
          text.append(' ');
        }
        text.append(services, i, end);
        i = end;
      } else {
        int end = i;
        while (end < services.length()
            && !Character.isWhitespace(services.charAt(end))
            && services.charAt(end) != '[') {
          end++;
        }
        if (text.length() > 0) {
          entries.add(new Entry(service, text.toString()));
        }
        service = services.substring(i, end);
        text = new StringBuilder(service);
        i = end;
      }
    }
    if (text.length() > 0) {
      entries.add(new Entry(service, text.toString()));
    }
    return entries;
  }
}
