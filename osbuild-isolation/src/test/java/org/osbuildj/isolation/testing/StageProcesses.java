package org.osbuildj.isolation.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds processes by a word in their command line, to prove that a stage left none behind. */
public final class StageProcesses {
  private StageProcesses() {}

  /** The pids of live processes whose command line contains {@code marker}. */
  public static List<Long> withMarker(String marker) throws IOException {
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> commandLine(p).contains(marker))
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .filter(pid -> pid != ProcessHandle.current().pid())
          .toList();
    }
  }

  /** Waits up to {@code millis} for every such process to be gone; returns those still alive. */
  public static List<Long> awaitGone(String marker, long millis)
      throws IOException, InterruptedException {
    long limit = System.currentTimeMillis() + millis;
    List<Long> alive = withMarker(marker);
    while (!alive.isEmpty() && System.currentTimeMillis() < limit) {
      Thread.sleep(20);
      alive = withMarker(marker);
    }
    return alive;
  }

  private static String commandLine(Path process) {
    try {
      return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }
}
