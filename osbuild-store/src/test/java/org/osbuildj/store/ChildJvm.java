package org.osbuildj.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@link StoreChild} in a separate JVM: a second builder process sharing the store. */
final class ChildJvm {
  private ChildJvm() {}

  static Process start(String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Surefire starts tests through a manifest-only jar; the real class path is in this property.
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(List.of(java, "-cp", classPath, StoreChild.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /**
   * Reads the child's output until a line equals {@code expected}; returns false, with everything
   * read kept in {@code seen}, when the child's output ends first.
   */
  static boolean awaitLine(Process child, String expected, StringBuilder seen) throws IOException {
    java.io.BufferedReader out =
        new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      seen.append(line).append('\n');
      if (line.equals(expected)) {
        return true;
      }
    }
    return false;
  }
}
