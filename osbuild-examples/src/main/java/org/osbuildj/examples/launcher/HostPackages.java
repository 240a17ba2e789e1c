package org.osbuildj.examples.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osbuildj.core.host.Host;

/**
 * Installs Debian packages on the host with apt-get, for the launcher's {@code --install-missing}:
 * a newcomer's first build on a fresh machine then works without reading an install list.
 */
final class HostPackages {
  private HostPackages() {}

  static boolean canInstall() {
    return Host.isRoot() && Files.isExecutable(Path.of("/usr/bin/apt-get"));
  }

  /** Installs the packages, showing apt's output on {@code log}; false when apt-get failed. */
  static boolean install(List<String> packages, PrintStream log)
      throws IOException, InterruptedException {
    log.println(
        "osbuild: installing the host packages this build needs: " + String.join(" ", packages));
    if (run(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"), packages, log)
        == 0) {
      return true;
    }
    // A fresh machine may have no package lists yet.
    return run(List.of("apt-get", "update", "-q"), List.of(), log) == 0
        && run(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"), packages, log)
            == 0;
  }

  private static int run(List<String> command, List<String> args, PrintStream log)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(command);
    argv.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process process = builder.start();
    process.getOutputStream().close();
    process.getInputStream().transferTo(log);
    return process.waitFor();
  }
}
