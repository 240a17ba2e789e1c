package org.osbuildj.examples.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the launcher needs to know about the machine it runs on. */
final class HostFacts {
  private HostFacts() {}

  /** Whether this process runs as root: /proc/self belongs to the process's effective user. */
  static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
