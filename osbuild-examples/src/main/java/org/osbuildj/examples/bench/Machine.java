package org.osbuildj.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the numbers were measured on: they mean little without it. */
record Machine(String cpu, int cores, long memoryBytes, String kernel, String java, String os) {

  static Machine current() {
    String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
    long memKiB =
        firstValue(Path.of("/proc/meminfo"), "MemTotal")
            .map(v -> Long.parseLong(v.replaceAll("[^0-9]", "")))
            .orElse(0L);
    String kernel =
        read(Path.of("/proc/sys/kernel/osrelease")).orElse(System.getProperty("os.version"));
    String os =
        firstValue(Path.of("/etc/os-release"), "PRETTY_NAME")
            .map(v -> v.replace("\"", ""))
            .orElse("Linux");
    String java =
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    return new Machine(
        cpu, Runtime.getRuntime().availableProcessors(), memKiB * 1024, kernel, java, os);
  }

  String describe() {
    return Row.format(
        "%s; %d CPUs (%s); %.1f GiB memory; kernel %s; %s",
        os, cores, cpu, memoryBytes / (double) (1L << 30), kernel, java);
  }

  private static Optional<String> firstValue(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        int sep = line.indexOf(line.contains("=") && !line.contains(":") ? '=' : ':');
        if (sep > 0 && line.substring(0, sep).trim().equals(key)) {
          return Optional.of(line.substring(sep + 1).trim());
        }
      }
    } catch (IOException e) {
      // Not Linux, or not readable: described as unknown.
    }
    return Optional.empty();
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file).trim());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
