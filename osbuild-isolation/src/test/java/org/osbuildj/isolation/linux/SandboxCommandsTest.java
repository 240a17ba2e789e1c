package org.osbuildj.isolation.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.ExecResult;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.StageTimeoutException;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.isolation.testing.RootTest;
import org.osbuildj.isolation.testing.StageProcesses;

@RootTest
class SandboxCommandsTest {
  @TempDir Path tree;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private NamespaceIsolation isolation;

  @BeforeEach
  void createIsolation() {
    isolation = NamespaceIsolation.create();
  }

  private SandboxSpec stage() {
    return SandboxSpec.forStage(new TreeMount.Directory(tree), log::add);
  }

  private ExecResult sh(SandboxSpec spec, String script) throws Exception {
    return isolation.run(spec, sandbox -> sandbox.exec(Command.of("/bin/sh", "-c", script)));
  }

  @Test
  void aSucceedingCommandWritesIntoTheTreeAndStreamsItsOutputToTheLog() throws Exception {
    ExecResult result = sh(stage(), "echo hello > /run/osbuild/tree/greeting && echo done");

    assertThat(result.exitStatus()).isZero();
    assertThat(Files.readString(tree.resolve("greeting"))).isEqualTo("hello\n");
    assertThat(log).containsExactly("done");
  }

  @Test
  void theSourcesAreReadableAtRunOsbuildSourcesAndCannotBeChanged(@TempDir Path host)
      throws Exception {
    Path sources = Files.createDirectories(host.resolve("sources/org.osbuild.files"));
    Path file = Files.writeString(sources.resolve("sha256:abc"), "content\n");
    SandboxSpec spec = stage().withSources(host.resolve("sources"));

    ExecResult result =
        isolation.run(
            spec,
            sandbox ->
                sandbox.exec(
                    Command.of(
                        "/bin/sh",
                        "-c",
                        "d="
                            + sandbox.sourcesInRoot().orElseThrow()
                            + "/org.osbuild.files; cat \"$d/sha256:abc\";"
                            + " ! (echo x >> \"$d/sha256:abc\") 2>/dev/null"
                            + " && ! touch \"$d/new\" 2>/dev/null"
                            + " && ! rm \"$d/sha256:abc\" 2>/dev/null")));

    assertThat(result.exitStatus()).as(String.join("\n", log)).isZero();
    assertThat(log).containsExactly("content");
    assertThat(file).hasContent("content");
    assertThat(sources.resolve("new")).doesNotExist();
    Optional<String> none = isolation.run(stage(), Sandbox::sourcesInRoot);
    Optional<String> some = isolation.run(spec, Sandbox::sourcesInRoot);
    assertThat(none).isEmpty();
    assertThat(some).contains("/run/osbuild/sources");
  }

  @Test
  void aCacheIsWritableAndWhatIsWrittenThereOutlivesTheSandboxWhileInputsStayReadOnly(
      @TempDir Path host) throws Exception {
    Path cache = Files.createDirectories(host.resolve("cache"));
    Path input = Files.createDirectories(host.resolve("input"));
    SandboxSpec spec = stage().withCache("packages", cache).withInput("lib", input);

    ExecResult result =
        isolation.run(
            spec,
            sandbox ->
                sandbox.exec(
                    Command.of(
                        "/bin/sh",
                        "-c",
                        "echo kept > "
                            + sandbox.cacheInRoot("packages").orElseThrow()
                            + "/a.deb && "
                            + "! touch "
                            + sandbox.inputInRoot("lib")
                            + "/x 2>/dev/null")));

    assertThat(result.exitStatus()).as(String.join("\n", log)).isZero();
    assertThat(cache.resolve("a.deb")).hasContent("kept");
    assertThat(input.resolve("x")).doesNotExist();
    java.util.Optional<String> noCache =
        isolation.run(stage(), sandbox -> sandbox.cacheInRoot("packages"));
    assertThat(noCache).isEmpty();
  }

  @Test
  void aFailingCommandReportsItsExitStatusAndOutput() throws Exception {
    ExecResult result = sh(stage(), "echo broken >&2; exit 3");

    assertThat(result.exitStatus()).isEqualTo(3);
    assertThat(result.outputTail()).containsExactly("broken");
  }

  @Test
  void aScriptWhoseInterpreterTheRootLacksIsReportedByItsInterpreterNotAsMissingItself()
      throws Exception {
    Path script = tree.resolve("stage");
    Files.writeString(script, "#!/usr/bin/osbuild-no-such-interpreter -u\nprint('hi')\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

    ExecResult result =
        isolation.run(
            stage(), sandbox -> sandbox.exec(Command.of(sandbox.treeInRoot() + "/stage")));

    assertThat(result.exitStatus()).isEqualTo(127);
    assertThat(result.outputTail())
        .containsExactly(
            "osbuild-sandbox: cannot run /run/osbuild/tree/stage: its interpreter"
                + " /usr/bin/osbuild-no-such-interpreter (from its #! line) is not in the build root");
  }

  @Test
  void aCommandThatOutlivesTheTimeoutIsKilledWithEverythingItStarted() throws Exception {
    String marker = uniqueSleep();
    SandboxSpec spec = stage().withTimeout(Duration.ofMillis(500));

    assertThatThrownBy(() -> sh(spec, "sleep " + marker + " & sleep " + marker + "; true"))
        .isInstanceOf(StageTimeoutException.class);
    assertThat(StageProcesses.awaitGone(marker, 2000)).isEmpty();
  }

  @Test
  void theCommandIsPidOneOfItsOwnPidNamespaceAndSeesOnlyItsOwnProcesses() throws Exception {
    ExecResult result = sh(stage(), "echo $$; echo /proc/[0-9]*");

    assertThat(result.outputTail()).containsExactly("1", "/proc/1");
  }

  @Test
  void eachOfSeveralCommandsInOneSandboxIsPidOne() throws Exception {
    List<String> pids =
        isolation.run(
            stage(),
            sandbox ->
                List.of(
                    sandbox.exec(Command.of("/bin/sh", "-c", "echo $$")).outputTail().get(0),
                    sandbox.exec(Command.of("/bin/sh", "-c", "echo $$")).outputTail().get(0),
                    sandbox.exec(Command.of("/bin/sh", "-c", "echo $$")).outputTail().get(0)));

    assertThat(pids).containsExactly("1", "1", "1");
  }

  @Test
  void anExceptionFromTheWorkReachesTheCallerUnchanged() {
    IllegalArgumentException thrown = new IllegalArgumentException("the stage's own failure");

    assertThatThrownBy(
            () ->
                isolation.run(
                    stage(),
                    sandbox -> {
                      sandbox.exec(Command.of("true")).orThrow();
                      throw thrown;
                    }))
        .isSameAs(thrown);
  }

  @Test
  void javaWorkThatOutlivesTheTimeoutIsInterruptedAndReportedAsATimeout() {
    SandboxSpec spec = stage().withTimeout(Duration.ofMillis(300));

    assertThatThrownBy(
            () ->
                isolation.run(
                    spec,
                    sandbox -> {
                      Thread.sleep(60_000);
                      return null;
                    }))
        .isInstanceOf(StageTimeoutException.class)
        .hasCauseInstanceOf(InterruptedException.class);
  }

  @Test
  void interruptingTheCallerStopsTheSandboxsCommandAndThrowsInterruptedException()
      throws Exception {
    String marker = uniqueSleep();
    Thread caller = Thread.currentThread();
    Thread interrupter =
        new Thread(
            () -> {
              try {
                while (StageProcesses.withMarker(marker).isEmpty()) {
                  Thread.sleep(10);
                }
              } catch (Exception e) {
                return;
              }
              caller.interrupt();
            });
    interrupter.start();

    assertThatThrownBy(() -> sh(stage(), "sleep " + marker))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).as("the caller's interrupt flag is kept").isTrue();
    interrupter.join();
    assertThat(StageProcesses.awaitGone(marker, 2000)).isEmpty();
  }

  /**
   * A stop can land at any moment of a command's start: before {@code unshare} has forked, while
   * the namespace's first process arms its parent-death signal, or once the command runs. None may
   * leave a process behind; stopping at a spread of delays hits each of those windows.
   */
  @Test
  void aTimeoutAtAnyMomentOfTheCommandsStartLeavesNoProcessBehind() throws Exception {
    for (int delay = 0; delay <= 40; delay += 2) {
      String marker = uniqueSleep();
      SandboxSpec spec = stage().withTimeout(Duration.ofMillis(delay));

      assertThatThrownBy(() -> sh(spec, "sleep " + marker))
          .as("stopped after %d ms", delay)
          .isInstanceOf(StageTimeoutException.class);
      assertThat(StageProcesses.awaitGone(marker, 2000))
          .as("left behind when stopped after %d ms", delay)
          .isEmpty();
    }
  }

  private static String uniqueSleep() {
    return "40" + ThreadLocalRandom.current().nextInt(10_000, 99_999) + ".5";
  }
}
