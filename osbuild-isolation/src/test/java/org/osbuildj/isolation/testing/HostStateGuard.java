package org.osbuildj.isolation.testing;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.osbuildj.isolation.linux.NamespaceIsolation;

/**
 * For root tests: skips the test, saying why, where the namespace isolation cannot run; otherwise
 * records the host's mounts and loop devices before each test and fails the test if they differ
 * afterwards, whether the test passed or not.
 */
public final class HostStateGuard implements BeforeEachCallback, AfterEachCallback {
  /** The kernel may finish releasing a namespace's mounts just after the thread is gone. */
  private static final Duration SETTLE = Duration.ofSeconds(3);

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(HostStateGuard.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    Assumptions.assumeTrue(
        NamespaceIsolation.isAvailable(),
        () ->
            "skipped: this root test needs the namespace isolation, which is not available: "
                + NamespaceIsolation.unavailability().orElse("?"));
    context.getStore(STORE).put("before", HostState.capture());
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    HostState before = context.getStore(STORE).get("before", HostState.class);
    if (before == null) {
      return;
    }
    long limit = System.nanoTime() + SETTLE.toNanos();
    HostState after = HostState.capture();
    while (!after.equals(before) && System.nanoTime() < limit) {
      Thread.sleep(20);
      after = HostState.capture();
    }
    if (!after.equals(before)) {
      fail("the test left the host changed:\n" + before.differenceTo(after));
    }
  }
}
