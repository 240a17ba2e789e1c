package org.osbuildj.core.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProcessRunner#run}: how a stage's command is fed, read and stopped, on the host. */
class ProcessRunnerTest {
  @TempDir Path tree;
  private final List<String> log = new CopyOnWriteArrayList<>();

  private <T> T inSandbox(Duration timeout, SandboxWork<T> work) throws Exception {
    SandboxSpec spec = SandboxSpec.forStage(new TreeMount.Directory(tree), log::add);
    return new HostIsolation().run(spec.withTimeout(timeout), work);
  }

  private static Command withStdin(byte[] stdin, String... argv) {
    return new Command(List.of(argv), Map.of(), stdin, "/");
  }

  @Test
  void theTimeoutStopsACommandThatNeverReadsALargeStandardInput() {
    Instant start = Instant.now();

    // 1 MB is far more than a pipe holds: writing it all before waiting used to block forever.
    assertThatThrownBy(
            () ->
                inSandbox(
                    Duration.ofSeconds(1),
                    sandbox -> sandbox.exec(withStdin(new byte[1 << 20], "sleep", "60"))))
        .isInstanceOf(StageTimeoutException.class)
        .hasMessage("the stage's time limit passed while it ran sleep 60; it was killed");

    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aCommandThatExitsWithoutReadingALargeStandardInputSucceeds() throws Exception {
    ExecResult result =
        inSandbox(
            Duration.ofSeconds(30),
            sandbox -> sandbox.exec(withStdin(new byte[1 << 20], "sh", "-c", "echo done")));

    assertThat(result.exitStatus()).isZero();
    assertThat(result.outputTail()).containsExactly("done");
  }

  @Test
  void aCommandReadsItsWholeStandardInput() throws Exception {
    byte[] stdin = new byte[1 << 20];
    java.util.Arrays.fill(stdin, (byte) 'x');

    ExecResult result =
        inSandbox(null, sandbox -> sandbox.exec(withStdin(stdin, "sh", "-c", "wc -c")));

    assertThat(result.outputTail()).containsExactly("1048576");
  }

  @Test
  void aTwentyMegabyteLineIsCutInTheLogAndInTheTail() throws Exception {
    ExecResult result =
        inSandbox(
            null,
            sandbox ->
                sandbox.exec(
                    Command.of(
                        "sh", "-c", "head -c 20000000 /dev/zero | tr '\\0' a; echo; echo end")));

    String cut = "a".repeat(65536) + "\u2026 (19934464 bytes cut)";
    assertThat(log).extracting(String::length).containsExactly(cut.length(), 3);
    assertThat(log).containsExactly(cut, "end");
    assertThat(result.outputTail()).containsExactly(cut, "end");
  }
}
