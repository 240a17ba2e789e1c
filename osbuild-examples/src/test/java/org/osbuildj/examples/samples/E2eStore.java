package org.osbuildj.examples.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One store for every end-to-end test of a test run: samples and boot tests that share their
 * mmdebstrap stage build that tree once. New for each run (so no tree of older stage code is ever
 * served), and removed when the test JVM ends.
 */
public final class E2eStore {
  private static Path shared;

  private E2eStore() {}

  public static synchronized Path shared() {
    if (shared == null) {
      try {
        shared = Files.createTempDirectory(Path.of("/var/tmp"), "osbuildj-e2e-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path remove = shared;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      new ProcessBuilder("rm", "-rf", "--one-file-system", remove.toString())
                          .start()
                          .waitFor();
                    } catch (IOException | InterruptedException e) {
                      // Left in /var/tmp; the next boot's tmp cleaning takes it.
                    }
                  }));
    }
    return shared;
  }
}
