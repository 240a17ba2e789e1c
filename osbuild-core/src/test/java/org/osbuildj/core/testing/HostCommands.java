package org.osbuildj.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs inspection tools on the host for tests, and skips a test, saying why, where they are
 * missing.
 */
public final class HostCommands {
  private HostCommands() {}

  /** Skips the test unless running as root with every program on the PATH (or file, for a path). */
  public static void assumeRootWith(String... programs) {
    Assumptions.assumeTrue(TreeFixtures.runningAsRoot(), "skipped: this test needs root");
    for (String program : programs) {
      boolean found =
          program.startsWith("/")
              ? Path.of(program).toFile().exists()
              : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin").stream()
                  .anyMatch(d -> Path.of(d, program).toFile().canExecute());
      Assumptions.assumeTrue(found, () -> "skipped: " + program + " is not installed on this host");
    }
  }

  /** The command's standard output; fails the test if it exits with a non-zero status. */
  public static String run(String... argv) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("exit status of %s", String.join(" ", argv)).isZero();
    return out;
  }

  /** Bytes the file really occupies on disk, as opposed to its length. */
  public static long allocatedBytes(Path file) throws IOException, InterruptedException {
    return Long.parseLong(run("stat", "-c", "%b", file.toString()).strip()) * 512;
  }
}
