package org.osbuildj.isolation.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.isolation.testing.RootTest;
import org.osbuildj.isolation.testing.StageProcesses;

@RootTest
class KilledJvmTest {
  @TempDir Path scratch;

  @Test
  void killingTheJvmMidStageLeavesNoMountLoopDeviceOrStageProcess() throws Exception {
    String marker = "50" + ThreadLocalRandom.current().nextInt(10_000, 99_999) + ".5";
    Path image = Files.write(scratch.resolve("disk.img"), new byte[1 << 20]);
    Path tree = Files.createDirectory(scratch.resolve("tree"));
    Process child =
        new ProcessBuilder(
                javaExecutable(),
                "-cp",
                testClassPath(),
                LongStageMain.class.getName(),
                marker,
                image.toString(),
                tree.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BlockingQueue<String> lines = linesOf(child);
      String loop = awaitLine(lines, "loop ").substring("loop ".length());
      awaitLine(lines, "running");
      Path backingFile = Path.of("/sys/block/loop" + loop, "loop/backing_file");
      assertThat(backingFile).as("the child's loop device").exists();
      assertThat(StageProcesses.withMarker(marker)).as("the child's stage processes").isNotEmpty();

      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);

      assertThat(StageProcesses.awaitGone(marker, 5000))
          .as("stage processes alive after the kill")
          .isEmpty();
      assertThat(awaitGone(backingFile, 5000))
          .as("loop device still attached after the kill")
          .isTrue();
    } finally {
      child.destroyForcibly();
    }
  }

  private static BlockingQueue<String> linesOf(Process child) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
              } catch (Exception e) {
                lines.add("(reading the child failed: " + e + ")");
              }
            });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static String awaitLine(BlockingQueue<String> lines, String prefix)
      throws InterruptedException {
    StringBuilder seen = new StringBuilder();
    long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < limit) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
      if (line != null) {
        seen.append(line).append('\n');
      }
    }
    throw new AssertionError("the child JVM never printed '" + prefix + "'; it printed:\n" + seen);
  }

  private static boolean awaitGone(Path path, long millis) throws InterruptedException {
    long limit = System.currentTimeMillis() + millis;
    while (Files.exists(path) && System.currentTimeMillis() < limit) {
      Thread.sleep(20);
    }
    return !Files.exists(path);
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Surefire runs tests from a manifest-only jar; it passes the real class path in a property. */
  private static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }
}
