package org.osbuildj.core.debian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the Debian mirror to install from without naming one in code: a stage's {@code mirror}
 * option first, then the {@code OSBUILD_DEBIAN_MIRROR} environment variable, then the first Debian
 * archive URI in the host's apt sources ({@code /etc/apt/sources.list.d/*.sources} in deb822 form,
 * then {@code *.list} and {@code /etc/apt/sources.list} in one-line form). Security and update
 * suites are skipped: they are not full archives.
 */
public final class DebianMirror {
  public static final String ENVIRONMENT_VARIABLE = "OSBUILD_DEBIAN_MIRROR";

  private DebianMirror() {}

  /** The mirror for a stage: its option, else the environment, else the host's apt sources. */
  public static String resolve(
      Optional<String> option, Map<String, String> environment, Path etcApt) {
    if (option.isPresent()) return option.get();
    String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) return fromEnvironment.trim();
    return fromAptSources(etcApt)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no Debian mirror: the host's apt sources in "
                        + etcApt
                        + " list no Debian archive; set the stage's "
                        + "\"mirror\" option or the "
                        + ENVIRONMENT_VARIABLE
                        + " environment variable"));
  }

  /** The first Debian archive URI in the apt sources under {@code etcApt} (normally /etc/apt). */
  public static Optional<String> fromAptSources(Path etcApt) {
    List<Path> files = new ArrayList<>();
    files.addAll(sorted(etcApt.resolve("sources.list.d"), ".sources"));
    files.add(etcApt.resolve("sources.list"));
    files.addAll(sorted(etcApt.resolve("sources.list.d"), ".list"));
    for (Path file : files) {
      if (!Files.isRegularFile(file)) continue;
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Optional<String> uri =
            file.toString().endsWith(".sources") ? fromDeb822(text) : fromOneLine(text);
        if (uri.isPresent()) return uri;
      } catch (IOException e) {
        // An unreadable source file is not ours to judge; the next one may do.
      }
    }
    return Optional.empty();
  }

  static Optional<String> fromDeb822(String text) {
    for (String stanza : text.split("\\n\\s*\\n")) {
      Map<String, String> fields = new HashMap<>();
      String last = null;
      for (String line : stanza.split("\\n")) {
        if (line.startsWith("#") || line.isBlank()) continue;
        if (Character.isWhitespace(line.charAt(0)) && last != null) {
          fields.merge(last, " " + line.trim(), String::concat);
          continue;
        }
        int colon = line.indexOf(':');
        if (colon < 0) continue;
        last = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        fields.put(last, line.substring(colon + 1).trim());
      }
      if ("no".equalsIgnoreCase(fields.getOrDefault("enabled", "yes"))) continue;
      if (!List.of(fields.getOrDefault("types", "").split("\\s+")).contains("deb")) continue;
      List<String> suites = List.of(fields.getOrDefault("suites", "").split("\\s+"));
      if (suites.stream().allMatch(DebianMirror::isPartialSuite)) continue;
      for (String uri : fields.getOrDefault("uris", "").split("\\s+")) {
        if (isDebianArchive(uri)) return Optional.of(uri);
      }
    }
    return Optional.empty();
  }

  static Optional<String> fromOneLine(String text) {
    for (String raw : text.split("\\n")) {
      String line = raw.replaceAll("#.*", "").replaceAll("\\[[^]]*]", " ").trim();
      String[] words = line.split("\\s+");
      if (words.length < 3 || !words[0].equals("deb")) continue;
      if (isPartialSuite(words[2])) continue;
      if (isDebianArchive(words[1])) return Optional.of(words[1]);
    }
    return Optional.empty();
  }

  private static boolean isPartialSuite(String suite) {
    return suite.endsWith("-security")
        || suite.endsWith("-updates")
        || suite.endsWith("-backports")
        || suite.contains("/updates");
  }

  // A Debian archive's path ends in /debian; other vendors' repositories (a cloud SDK, nodejs) do
  // not.
  private static boolean isDebianArchive(String uri) {
    String trimmed = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    return (trimmed.startsWith("http://")
            || trimmed.startsWith("https://")
            || trimmed.startsWith("file:/"))
        && trimmed.endsWith("/debian");
  }

  private static List<Path> sorted(Path directory, String suffix) {
    if (!Files.isDirectory(directory)) return List.of();
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
