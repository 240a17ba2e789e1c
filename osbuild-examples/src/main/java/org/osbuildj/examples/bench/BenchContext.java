package org.osbuildj.examples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osbuildj.core.tree.Directories;

/**
 * What every scenario shares: the checkout it measures, a work directory, how many runs each
 * scenario makes, the report, and the way to run our launcher and the host's tools.
 */
final class BenchContext {
  final Path top;
  final Path work;
  final BenchMode mode;
  final Report report = new Report();
  final PrintStream progress;
  private int runCount;

  BenchContext(Path top, Path work, BenchMode mode, PrintStream progress) {
    this.top = top;
    this.work = work;
    this.mode = mode;
    this.progress = progress;
  }

  Path launcher() {
    return top.resolve("osbuild-examples/bin/osbuild");
  }

  Path referenceManifest() {
    return top.resolve("osbuild-examples/samples/debian-bookworm-qcow2.json");
  }

  Path benchFile(String name) {
    return top.resolve("osbuild-examples/bench").resolve(name);
  }

  /** A new, empty directory under the work directory. */
  Path freshDirectory(String name) throws IOException, InterruptedException {
    Path dir = work.resolve(name);
    remove(dir);
    return Files.createDirectories(dir);
  }

  /** Where a run's standard output and error go: numbered, so that every run's log is kept. */
  Path logPrefix(String name) throws IOException {
    Path logs = Files.createDirectories(work.resolve("logs"));
    return logs.resolve(String.format("%02d-%s", ++runCount, name));
  }

  /** Runs our launcher as a user types it, JVM start included. */
  TimedRun.Result osbuild(String name, List<String> arguments)
      throws IOException, InterruptedException {
    return osbuild(name, arguments, Map.of());
  }

  /** Runs our launcher with these variables added to the environment. */
  TimedRun.Result osbuild(String name, List<String> arguments, Map<String, String> environment)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of(launcher().toString()));
    argv.addAll(arguments);
    return TimedRun.run(argv, environment, logPrefix(name));
  }

  Path sample(String name) {
    return top.resolve("osbuild-examples/samples").resolve(name);
  }

  /** Runs a host command that is not measured (copies, clean-up), failing loudly. */
  void host(String... argv) throws IOException, InterruptedException {
    TimedRun.run(List.of(argv), Map.of(), logPrefix("host-" + Path.of(argv[0]).getFileName()));
  }

  /**
   * Writes dirty pages out before a measured run, so that one run's writeback is not charged to the
   * next.
   */
  void settle() throws IOException, InterruptedException {
    host("sync");
  }

  void remove(Path dir) throws IOException {
    Directories.deleteRecursively(dir);
  }

  void say(String line) {
    progress.println("bench: " + line);
  }
}
