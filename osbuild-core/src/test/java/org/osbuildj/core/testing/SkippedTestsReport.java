package org.osbuildj.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records every test and every test class that did not run, and why, one line each ({@code
 * org.x.SomeTest.method: reason}), in {@code target/junit-skips/} of the module whose tests run;
 * {@code .ci/skipped-tests} reads them so that a CI run in which something skipped (a missing tool,
 * missing root) fails instead of passing green.
 *
 * <p>Surefire's XML reports are not enough: a class skipped as a whole, by an assumption in a
 * {@code @BeforeAll} or an extension's {@code beforeAll}, appears there as a suite of no tests,
 * with no {@code <skipped>} and no reason. This listener sees it as an aborted container.
 *
 * <p>Registered through {@code META-INF/services} in the test classes of osbuild-core, which every
 * module's tests have on their class path (the core's test jar); it writes only when the tests run
 * under Maven (which sets {@code basedir}), an empty file when nothing skipped, so that the check
 * can tell a run without skips from a run without this listener.
 */
public final class SkippedTestsReport implements TestExecutionListener {
  private final Path directory;
  private Path file;

  /**
   * The instance {@code ServiceLoader} makes: under Maven, {@code <basedir>/target/junit-skips}.
   */
  public SkippedTestsReport() {
    this(
        Optional.ofNullable(System.getProperty("basedir"))
            .map(basedir -> Path.of(basedir, "target", "junit-skips"))
            .orElse(null));
  }

  /** Writes into {@code directory}; null for nowhere. */
  public SkippedTestsReport(Path directory) {
    this.directory = directory;
  }

  @Override
  public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
    if (directory == null) {
      return;
    }
    try {
      Files.createDirectories(directory);
      file =
          Files.createFile(
              directory.resolve(
                  System.currentTimeMillis() + "-" + ProcessHandle.current().pid() + ".txt"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record skipped tests in " + directory, e);
    }
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    record(test, reason);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      record(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
    }
  }

  private synchronized void record(TestIdentifier test, String reason) {
    if (file == null) {
      return;
    }
    String line = name(test) + ": " + String.valueOf(reason).strip().replace("\n", " / ") + "\n";
    try {
      // Written at once, so that a run that crashes later still leaves what skipped so far.
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record skipped tests in " + file, e);
    }
  }

  /** {@code org.x.SomeTest}, {@code org.x.SomeTest.method}, with an invocation's display name. */
  static String name(TestIdentifier test) {
    TestSource source = test.getSource().orElse(null);
    if (source instanceof MethodSource method) {
      String name = method.getClassName() + "." + method.getMethodName();
      String display = test.getDisplayName();
      return display.startsWith(method.getMethodName() + "(") ? name : name + " " + display;
    }
    if (source instanceof ClassSource type) {
      return type.getClassName();
    }
    return test.getDisplayName();
  }
}
