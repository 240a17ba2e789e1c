package org.osbuildj.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.osbuildj.core.tree.Directories;

/**
 * What CI learns about skipped tests: {@link SkippedTestsReport} records a skipped test, a disabled
 * one and a class skipped in {@code @BeforeAll} with their reasons, and {@code .ci/skipped-tests}
 * lists them and fails, or fails when a module ran without the listener.
 */
class SkippedTestsReportTest {
  @TempDir Path dir;

  /** Run only by the launcher below (surefire leaves nested classes alone). */
  static class SomeSkip {
    @Test
    void runs() {}

    @Test
    void needsATool() {
      Assumptions.assumeTrue(false, "no such tool: frobnicate\n(apt-get install frobnicate)");
    }

    @Test
    @Disabled("not today")
    void disabled() {}
  }

  /** Skipped as a whole, as the Debian tree tests are without root: surefire shows no testcase. */
  static class WholeClassSkip {
    @BeforeAll
    static void needsRoot() {
      Assumptions.assumeTrue(false, "needs root");
    }

    @Test
    void one() {}

    @Test
    void two() {}
  }

  @Test
  void skippedTestsAndAClassSkippedInBeforeAllAreRecordedWithTheirReasons() throws IOException {
    Path skips = dir.resolve("junit-skips");
    // A launcher of its own, without this module's registered listener, which would report these
    // skips as the module's own.
    Launcher launcher =
        LauncherFactory.create(
            LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new SkippedTestsReport(skips))
                .build());

    launcher.execute(
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(SomeSkip.class), selectClass(WholeClassSkip.class))
            .build());

    String some = SomeSkip.class.getName();
    assertThat(lines(skips))
        .containsExactlyInAnyOrder(
            some
                + ".needsATool: Assumption failed: no such tool: frobnicate / (apt-get install"
                + " frobnicate)",
            some + ".disabled: not today",
            WholeClassSkip.class.getName() + ": Assumption failed: needs root");
  }

  @Test
  void aRunWithoutSkipsLeavesAnEmptyFile() throws IOException {
    Path skips = dir.resolve("junit-skips");
    Launcher launcher =
        LauncherFactory.create(
            LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new SkippedTestsReport(skips))
                .build());

    launcher.execute(
        LauncherDiscoveryRequestBuilder.request()
            .selectors(
                org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod(
                    SomeSkip.class, "runs"))
            .build());

    try (Stream<Path> files = Files.list(skips)) {
      List<Path> all = files.toList();
      assertThat(all).hasSize(1);
      assertThat(all.get(0)).isEmptyFile();
    }
  }

  @Test
  void theCiCheckListsEverySkipAndFailsUnlessThereIsNone() throws Exception {
    Path checkout = Files.createDirectories(dir.resolve("checkout"));
    Path core = module(checkout, "osbuild-core", "surefire-reports");
    Path store = module(checkout, "osbuild-store", "failsafe-reports");
    Files.writeString(core.resolve("junit-skips/1-10.txt"), "org.x.ATest.m: no tool\n");
    Files.writeString(core.resolve("junit-skips/2-11.txt"), "");
    Files.writeString(store.resolve("junit-skips/3-12.txt"), "org.x.BTest: needs root\n");

    assertThat(check(checkout)).isEqualTo("1\norg.x.ATest.m: no tool\norg.x.BTest: needs root\n");

    Files.writeString(core.resolve("junit-skips/1-10.txt"), "");
    Files.writeString(store.resolve("junit-skips/3-12.txt"), "");
    assertThat(check(checkout)).isEqualTo("0\n");

    Directories.deleteRecursively(store.resolve("junit-skips"));
    assertThat(check(checkout))
        .isEqualTo(
            "2\nosbuild-store: its tests ran without the listener that records skips"
                + " (no osbuild-store/target/junit-skips/*.txt)\n");
  }

  private static Path module(Path checkout, String name, String reports) throws IOException {
    Path target = checkout.resolve(name).resolve("target");
    Files.createDirectories(target.resolve(reports));
    Files.createDirectories(target.resolve("junit-skips"));
    return target;
  }

  /** The check's exit status and what it printed. */
  private static String check(Path checkout) throws Exception {
    Path script = Path.of("..", ".ci", "skipped-tests").toAbsolutePath().normalize();
    Process process =
        new ProcessBuilder("bash", script.toString(), checkout.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return process.waitFor() + "\n" + output;
  }

  private static List<String> lines(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> all = files.toList();
      assertThat(all).hasSize(1);
      return Files.readAllLines(all.get(0));
    }
  }
}
