package org.osbuildj.core.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.isolation.HostIsolation;
import org.osbuildj.core.isolation.StageTimeoutException;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.core.testing.TempDirectoryStore;

/**
 * The stage timeout given to {@link Osbuild.Builder#stageTimeout} reaches the sandbox of every
 * stage: a stage that sleeps past it is killed, and the build fails naming the stage and the limit
 * in seconds. The stage is an external one from a temporary libdir (a bash script that becomes a
 * sleep whose argv[0] is a marker), run by the host isolation, so the test needs no root.
 */
// Without the timeout's wiring the stage would sleep for ten minutes: fail long before.
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class StageTimeoutTest {
  @TempDir Path dir;
  private final String marker =
      "osbuildj-timeout-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

  @AfterEach
  void killWhatAFailingTestLeft() throws IOException {
    for (long pid : processes(marker)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aStageThatOutlivesTheStageTimeoutIsKilledAndFailsTheBuildNamingItAndTheLimit()
      throws Exception {
    Path stages = Files.createDirectories(dir.resolve("lib/stages"));
    Path stage = stages.resolve("org.example.sleep");
    Files.writeString(stage, "#!/bin/bash\necho sleeping\nexec -a " + marker + " sleep 600\n");
    Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<BuildEvent> events = new ArrayList<>();
    Pipeline pipeline =
        Pipeline.builder()
            .stage(Stages.hostname("timed"))
            .stage(Stage.of("org.example.sleep"))
            .build();
    TempDirectoryStore store = new TempDirectoryStore(dir.resolve("store"));

    StageFailedException failure;
    try (Osbuild osbuild =
        Osbuild.builder()
            .store(store)
            .isolation(new HostIsolation())
            .libdir(dir.resolve("lib"))
            .stageTimeout(Duration.ofSeconds(2))
            .listener(events::add)
            .build()) {
      failure =
          catchThrowableOfType(StageFailedException.class, () -> osbuild.build(pipeline, null));
    }

    assertThat(failure).as("the build failed as a stage failure").isNotNull();
    assertThat(failure.step().name()).isEqualTo("org.example.sleep");
    assertThat(failure.getCause()).isInstanceOf(StageTimeoutException.class);
    assertThat(failure.getMessage())
        .startsWith("stage org.example.sleep (id " + pipeline.stageIds().get(1))
        .contains(") failed: exceeded the stage timeout of 2 s: ")
        .contains("killed");
    assertThat(failure.outputTail()).containsExactly("sleeping");
    assertThat(events)
        .filteredOn(BuildEvent.StepFailed.class::isInstance)
        .singleElement()
        .satisfies(
            e ->
                assertThat(((BuildEvent.StepFailed) e).step().name())
                    .isEqualTo("org.example.sleep"));
    assertThat(store.ids()).containsExactly(pipeline.stageIds().get(0));
    assertThat(processes(marker)).as("the stage's sleep, after the build failed").isEmpty();
  }

  /** The processes whose argv[0] is {@code marker}. */
  private static List<Long> processes(String marker) throws IOException {
    List<Long> pids = new ArrayList<>();
    try (var entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : entries) {
        try {
          if (Files.readString(process.resolve("cmdline")).split("\0", 2)[0].equals(marker)) {
            pids.add(Long.parseLong(process.getFileName().toString()));
          }
        } catch (IOException e) {
          // The process ended while we looked.
        }
      }
    }
    return pids;
  }
}
