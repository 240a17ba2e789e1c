package org.osbuildj.core.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProcessRunnerCapturingTest {
  private static ExecOutput run(String script, int maxBytes, List<String> log) throws Exception {
    Command command = Command.of("sh", "-c", script);
    return ProcessRunner.runCapturing(
        command,
        command.argv(),
        Map.of("PATH", "/usr/bin:/bin"),
        null,
        null,
        log::add,
        ProcessKiller.DESCENDANTS_THEN_PROCESS,
        maxBytes);
  }

  @Test
  void standardOutputIsKeptByteForByteAndErrorsGoToTheLogAndTheTail() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();

    ExecOutput output = run("printf 'x\\0\\377\\n'; echo warning >&2; printf y; exit 4", 100, log);

    assertThat(output.stdout()).isEqualTo(new byte[] {'x', 0, (byte) 0xff, '\n', 'y'});
    assertThat(output.result().exitStatus()).isEqualTo(4);
    assertThat(output.result().outputTail()).containsExactly("warning");
    assertThat(log).containsExactly("warning");
    assertThatThrownBy(output::orThrow)
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("warning");
  }

  @Test
  void outputPastTheLimitKillsTheCommandAndFails() {
    assertThatThrownBy(() -> run("while :; do echo 0123456789; done", 4096, List.of()))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("printed more than 4096 bytes and was killed");
  }

  @Test
  void exactlyTheLimitIsKept() throws Exception {
    assertThat(run("head -c 4096 /dev/zero", 4096, new CopyOnWriteArrayList<>()).stdout())
        .hasSize(4096);
  }
}
