package org.osbuildj.core.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ProcessRunner#runTool}: how the library runs a host tool such as cp or du. */
class ProcessRunnerToolTest {
  /** The caller's own failure type, as the store has StoreException. */
  static final class ToolFailed extends RuntimeException {
    ToolFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Test
  void returnsEverythingTheToolPrintedOnBothStreams() {
    String output =
        ProcessRunner.runTool(
            List.of("sh", "-c", "echo out; echo err >&2; echo \"$HOME\""), null, ToolFailed::new);

    assertThat(output).isEqualTo("out\nerr\n" + System.getenv("HOME") + "\n");
  }

  @Test
  void aToolGetsAnEmptyStandardInput() {
    assertThat(ProcessRunner.runTool(List.of("cat"), Duration.ofSeconds(30), ToolFailed::new))
        .isEmpty();
  }

  @Test
  void aFailureNamesTheCommandItsStatusAndItsOutput() {
    assertThatThrownBy(
            () ->
                ProcessRunner.runTool(
                    List.of("sh", "-c", "echo cannot copy >&2; exit 3"), null, ToolFailed::new))
        .isInstanceOf(ToolFailed.class)
        .hasMessage("sh -c echo cannot copy >&2; exit 3 failed with exit status 3: cannot copy")
        .hasNoCause();
  }

  @Test
  void onlyTheEndOfALongOutputIsInTheMessage() {
    assertThatThrownBy(
            () ->
                ProcessRunner.runTool(
                    List.of("sh", "-c", "seq 1 5000; exit 1"), null, ToolFailed::new))
        .isInstanceOf(ToolFailed.class)
        .hasMessageStartingWith("sh -c seq 1 5000; exit 1 failed with exit status 1: ...")
        .hasMessageEndingWith("\n4999\n5000");
  }

  @Test
  void aMissingProgramIsNamed() {
    assertThatThrownBy(
            () ->
                ProcessRunner.runTool(List.of("osbuild-no-such-tool", "x"), null, ToolFailed::new))
        .isInstanceOf(ToolFailed.class)
        .hasMessageStartingWith("cannot start osbuild-no-such-tool (is it installed?): ")
        .hasCauseInstanceOf(java.io.IOException.class);
  }

  @Test
  void aToolThatRunsTooLongIsKilledWithWhatItStarted() {
    Instant start = Instant.now();

    assertThatThrownBy(
            () ->
                ProcessRunner.runTool(
                    List.of("sh", "-c", "sleep 60 & sleep 60; wait"),
                    Duration.ofMillis(300),
                    ToolFailed::new))
        .isInstanceOf(ToolFailed.class)
        .hasMessage("sh -c sleep 60 & sleep 60; wait did not end within 300 ms and was killed");

    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
  }
}
