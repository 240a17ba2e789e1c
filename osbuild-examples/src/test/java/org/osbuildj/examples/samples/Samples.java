package org.osbuildj.examples.samples;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.examples.launcher.Main;
import org.osbuildj.isolation.linux.NamespaceIsolation;

/** Building the sample manifests through the launcher, as a user does, for end-to-end tests. */
public final class Samples {
  static final String SOURCE_DATE_EPOCH = "1700000000";

  private Samples() {}

  static Path manifest(String name) {
    return Path.of("samples", name).toAbsolutePath();
  }

  static void assumeHostCanBuild(String... tools) {
    assumeThat(TreeFixtures.runningAsRoot()).as("building a Debian image needs root").isTrue();
    assumeThat(NamespaceIsolation.isAvailable())
        .as("the namespace isolation is available")
        .isTrue();
    for (String tool : tools) {
      assumeThat(Path.of(tool)).as("%s is installed (.ci/run installs it)", tool).exists();
    }
  }

  /**
   * Runs the launcher in this JVM, with {@code options} before the manifest; returns its standard
   * error, failing with it when it fails.
   */
  public static String build(Path store, Path output, Path manifest, String... options) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    List<String> argv =
        new java.util.ArrayList<>(
            List.of("--store", store.toString(), "-o", output.toString(), "--progress", "plain"));
    argv.addAll(List.of(options));
    argv.add(manifest.toString());
    int status =
        Main.run(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            errStream,
            Map.of("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH),
            argv.toArray(String[]::new));
    String log = err.toString(StandardCharsets.UTF_8);
    System.out.println(log);
    if (status != 0) {
      throw new AssertionError("the launcher exited with " + status + ":\n" + log);
    }
    return log;
  }

  /** Runs the launcher in a new JVM, behind {@code prefix} (such as {@code unshare -n}). */
  public static String buildInNewProcess(
      List<String> prefix, Path store, Path output, Path manifest, String... options)
      throws Exception {
    List<String> argv = new java.util.ArrayList<>(prefix);
    argv.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "--store",
            store.toString(),
            "-o",
            output.toString(),
            "--progress",
            "plain"));
    argv.addAll(List.of(options));
    argv.add(manifest.toString());
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().put("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH);
    Process process = builder.start();
    process.getOutputStream().close();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.println(log);
    if (process.waitFor() != 0) {
      throw new AssertionError("the launcher exited with " + process.exitValue() + ":\n" + log);
    }
    return log;
  }

  public static void copyDirectory(Path from, Path to) throws Exception {
    Files.createDirectories(to.getParent());
    Process cp = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
    if (cp.waitFor() != 0) throw new AssertionError("cp -a " + from + " " + to + " failed");
  }
}
