package org.osbuildj.examples.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a leaking test would leave on the host: the JVM's and pid 1's mounts, and attached loop
 * devices.
 */
public record HostMounts(List<String> lines) {

  public static HostMounts capture() throws IOException, InterruptedException {
    List<String> lines = new ArrayList<>();
    for (String table : List.of("/proc/1/mountinfo", "/proc/self/mountinfo")) {
      // Mount ids change between reads of the same table; what is mounted where does not.
      Files.readAllLines(Path.of(table), StandardCharsets.UTF_8).stream()
          .map(line -> table + " " + line.replaceFirst("^\\d+ \\d+ ", ""))
          .sorted()
          .forEach(lines::add);
    }
    Process losetup = new ProcessBuilder("losetup", "-a").redirectErrorStream(true).start();
    new String(losetup.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines()
        .sorted()
        .map(line -> "loop " + line)
        .forEach(lines::add);
    losetup.waitFor();
    return new HostMounts(List.copyOf(lines));
  }
}
