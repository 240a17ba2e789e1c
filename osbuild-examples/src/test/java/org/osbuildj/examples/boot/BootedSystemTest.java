package org.osbuildj.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a booted system counts as up: no failed unit, unless a test accepts it by name. */
class BootedSystemTest {
  private static BootedSystem booted(String state, String... failed) {
    return new BootedSystem(
        state, List.of(failed), "status of " + List.of(failed), "/dev/sda1 uuid rw", "");
  }

  @Test
  void theFailedUnitsAreReadFromSystemctlsLinesAndNothingElse() {
    String output =
        "systemd-networkd-wait-online.service loaded failed failed Wait for Network to be"
            + " Configured\n"
            + "[   12.345678] random: crng init done\n"
            + "\n"
            + "  getty@ttyS0.service loaded failed failed Serial Getty on ttyS0\n"
            + "var-lib-machines.mount loaded failed failed Virtual Machine and Container Storage\n";

    assertThat(BootedSystem.failedUnits(output))
        .containsExactly(
            "systemd-networkd-wait-online.service",
            "getty@ttyS0.service",
            "var-lib-machines.mount");
    assertThat(BootedSystem.failedUnits("")).isEmpty();
  }

  @Test
  void theLoginPromptIsFoundAlsoWhenKernelMessagesCutIntoIt() {
    java.util.regex.Pattern prompt = BootedSystem.loginPrompt("osbuildj-hybrid");

    assertThat(prompt.matcher("\r\nosbuildj-hybrid login: ").find()).isTrue();
    assertThat(
            prompt
                .matcher(
                    "Debian GNU/Linux 12 osbuildj-hybrid ttyS0\r\n\r\n"
                        + "osbuildj-hybrid [   56.838272] powernow_k8: Power state transitions not"
                        + " supported\r\nlogin: ")
                .find())
        .isTrue();
    assertThat(prompt.matcher("osbuildj-hybrid ttyS0\r\n").find()).isFalse();
    assertThat(prompt.matcher("other-host login: ").find()).isFalse();
  }

  @Test
  void aRunningSystemWithoutFailedUnitsCameUp() {
    booted("running").assertCameUp();
  }

  @Test
  void aDegradedSystemDidNotComeUpAndTheFailureNamesTheUnitAndItsStatus() {
    assertThatThrownBy(() -> booted("degraded", "foo.service").assertCameUp())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("foo.service")
        .hasMessageContaining("status of [foo.service]");
  }

  @Test
  void aFailedUnitATestAcceptsByNameIsAllowedButNoOther() {
    booted("degraded", "foo.service").assertCameUp(Map.of("foo.service", "the reason"));

    assertThatThrownBy(
            () ->
                booted("degraded", "foo.service", "bar.service")
                    .assertCameUp(Map.of("foo.service", "the reason")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("\"bar.service\"")
        .hasMessageNotContaining("\"foo.service\"");
  }

  @Test
  void aSystemStillStartingOrDegradedWithoutAFailedUnitDidNotComeUp() {
    assertThatThrownBy(() -> booted("starting").assertCameUp())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("starting");
    assertThatThrownBy(() -> booted("degraded").assertCameUp())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("degraded");
  }
}
