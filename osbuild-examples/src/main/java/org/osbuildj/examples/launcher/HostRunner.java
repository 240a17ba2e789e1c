package org.osbuildj.examples.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The runner osbuild picks for this host, which its {@code --inspect} prints for a build pipeline
 * that names none: {@code org.osbuild.<ID>} from os-release(5). osbuild picks its runner of the
 * host's distribution with the highest version not above the host's; it has one unversioned runner
 * for Debian ({@code org.osbuild.debian}), which this gives there. On a distribution whose runners
 * osbuild numbers (fedora38, ...), osbuild's name carries a version this one lacks.
 */
final class HostRunner {
  private HostRunner() {}

  static String name() {
    for (Path file : new Path[] {Path.of("/etc/os-release"), Path.of("/usr/lib/os-release")}) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.startsWith("ID=")) {
            String id = line.substring(3).trim().replace("\"", "").replace("'", "");
            if (!id.isEmpty()) return "org.osbuild." + id.toLowerCase(Locale.ROOT);
          }
        }
      } catch (IOException e) {
        // os-release(5): the next file, then the default ID "linux".
      }
    }
    return "org.osbuild.linux";
  }
}
