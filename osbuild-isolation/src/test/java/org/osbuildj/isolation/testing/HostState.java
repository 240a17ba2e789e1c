package org.osbuildj.isolation.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a leak would change on the host: the mount tables of pid 1 and of this JVM, and the loop
 * devices that have a backing file.
 */
public record HostState(
    List<String> initMounts, List<String> jvmMounts, TreeMap<String, String> loopDevices) {

  public static HostState capture() {
    return new HostState(
        lines(Path.of("/proc/1/mountinfo")), lines(Path.of("/proc/self/mountinfo")), loops());
  }

  /** Lines only one of the two states has, marked {@code +} (new in {@code later}) or {@code -}. */
  public String differenceTo(HostState later) {
    StringBuilder out = new StringBuilder();
    diff("/proc/1/mountinfo", initMounts, later.initMounts, out);
    diff("/proc/self/mountinfo", jvmMounts, later.jvmMounts, out);
    diff("loop devices", loopLines(loopDevices), loopLines(later.loopDevices), out);
    return out.toString();
  }

  private static void diff(
      String what, List<String> before, List<String> after, StringBuilder out) {
    TreeSet<String> added = new TreeSet<>(after);
    before.forEach(added::remove);
    TreeSet<String> removed = new TreeSet<>(before);
    after.forEach(removed::remove);
    if (!added.isEmpty() || !removed.isEmpty()) {
      out.append(what).append(":\n");
      added.forEach(line -> out.append("  + ").append(line).append('\n'));
      removed.forEach(line -> out.append("  - ").append(line).append('\n'));
    }
  }

  private static List<String> loopLines(TreeMap<String, String> loops) {
    return loops.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Device name to backing file, read from sysfs as {@code losetup -a} does. */
  private static TreeMap<String, String> loops() {
    TreeMap<String, String> loops = new TreeMap<>();
    try (Stream<Path> devices = Files.list(Path.of("/sys/block"))) {
      for (Path device :
          devices.filter(d -> d.getFileName().toString().startsWith("loop")).toList()) {
        try {
          loops.put(
              device.getFileName().toString(),
              Files.readString(device.resolve("loop/backing_file")).strip());
        } catch (NoSuchFileException e) {
          // Not attached: no backing file.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return loops;
  }
}
