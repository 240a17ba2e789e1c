package org.osbuildj.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a booted image says about itself: boots it in QEMU, waits for its login prompt, logs in on
 * the serial console and asks for its state, its failed units, its root mount and the kernel's
 * command line. The console's transcript is printed when any of that fails, and QEMU is stopped
 * either way.
 *
 * @param state the last line of {@code systemctl is-system-running --wait}
 * @param failedUnits the units {@code systemctl --failed} lists
 * @param failedUnitsStatus {@code systemctl status} of the failed units, for the person reading a
 *     failure
 * @param rootMount {@code findmnt -n -o SOURCE,UUID,OPTIONS /}
 * @param cmdline {@code /proc/cmdline}
 * @param loginSeconds how long from QEMU's start to the login prompt
 * @param extra what each of the caller's extra commands printed, by command
 */
public record BootedSystem(
    String state,
    List<String> failedUnits,
    String failedUnitsStatus,
    String rootMount,
    String cmdline,
    double loginSeconds,
    Map<String, String> extra) {

  /** A unit's name, as the first field of a line of {@code systemctl --failed --plain}. */
  private static final Pattern UNIT =
      Pattern.compile(
          "[A-Za-z0-9@._\\\\:-]+\\.(service|socket|mount|automount|swap|target|path|timer|device"
              + "|slice|scope)");

  public BootedSystem {
    failedUnits = List.copyOf(failedUnits);
    extra = Map.copyOf(extra);
  }

  public BootedSystem(
      String state,
      List<String> failedUnits,
      String failedUnitsStatus,
      String rootMount,
      String cmdline) {
    this(state, failedUnits, failedUnitsStatus, rootMount, cmdline, 0, Map.of());
  }

  public static BootedSystem bootAndLogIn(
      Path image, String format, String hostname, String rootPassword) throws Exception {
    return bootAndLogIn(
        QemuSerialConsole.commandLine(image, format, 1024),
        hostname,
        rootPassword,
        Duration.ofMinutes(8),
        List.of());
  }

  /**
   * Boots with this QEMU command line, waits at most {@code loginTimeout} for the login prompt, and
   * also runs {@code extraCommands} once logged in.
   */
  public static BootedSystem bootAndLogIn(
      List<String> commandLine,
      String hostname,
      String rootPassword,
      Duration loginTimeout,
      List<String> extraCommands)
      throws Exception {
    long started = System.nanoTime();
    try (QemuSerialConsole vm = QemuSerialConsole.boot(commandLine)) {
      try {
        vm.await(loginPrompt(hostname), loginTimeout);
        double loginSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("e2e: login prompt after %.1f s%n", loginSeconds);
        vm.login("root", rootPassword, Duration.ofMinutes(1));
        String state =
            vm.run("timeout 180 systemctl is-system-running --wait", Duration.ofMinutes(4));
        // Through cat: no pager, no colours, no shortened lines on the serial console.
        List<String> failed =
            failedUnits(
                vm.run(
                    "systemctl --failed --plain --no-legend --no-pager | cat",
                    Duration.ofMinutes(1)));
        String status =
            failed.isEmpty()
                ? ""
                : vm.run(
                    "systemctl status --no-pager --full --lines=20 "
                        + String.join(" ", failed)
                        + " | cat",
                    Duration.ofMinutes(1));
        if (!failed.isEmpty()) {
          System.out.println("e2e: failed units " + failed + ":\n" + status);
        }
        String root = vm.run("findmnt -n -o SOURCE,UUID,OPTIONS /", Duration.ofMinutes(1));
        String cmdline = vm.run("cat /proc/cmdline", Duration.ofMinutes(1));
        Map<String, String> extra = new java.util.LinkedHashMap<>();
        for (String command : extraCommands) {
          extra.put(command, vm.run(command, Duration.ofMinutes(1)).strip());
        }
        return new BootedSystem(
            state.strip().lines().reduce((a, b) -> b).orElse(""),
            failed,
            status,
            root.strip(),
            cmdline,
            loginSeconds,
            extra);
      } catch (Exception | AssertionError e) {
        System.out.println("e2e: serial console transcript:\n" + vm.transcript());
        throw e;
      }
    }
  }

  /**
   * getty's "HOSTNAME login: " prompt, also when kernel messages on the same console came between
   * the host name and "login:" (seen in CI: "HOST [ 56.83] powernow_k8: ...\r\nlogin: ").
   */
  static Pattern loginPrompt(String hostname) {
    return Pattern.compile(
        Pattern.quote(hostname) + "(?: *\\[ *\\d+\\.\\d+\\][^\\n]*\\n)*\\s*login: ?$",
        Pattern.MULTILINE);
  }

  /**
   * The unit names in what {@code systemctl --failed --plain --no-legend} printed; other lines (the
   * kernel's messages on the same console) are left out.
   */
  static List<String> failedUnits(String systemctlOutput) {
    return systemctlOutput
        .lines()
        .map(String::strip)
        .map(line -> line.split("\\s+", 2)[0])
        .filter(name -> UNIT.matcher(name).matches())
        .toList();
  }

  /** The system came up: {@code running}, with no failed unit. */
  public void assertCameUp() {
    assertCameUp(Map.of());
  }

  /**
   * The system came up: {@code running}, or {@code degraded} only by units a test accepts.
   *
   * @param acceptedFailures failed units the test accepts, each with the reason it may fail
   */
  public void assertCameUp(Map<String, String> acceptedFailures) {
    List<String> unexpected =
        failedUnits.stream().filter(unit -> !acceptedFailures.containsKey(unit)).toList();
    assertThat(unexpected)
        .as("failed units (systemctl --failed); their status:\n%s", failedUnitsStatus)
        .isEmpty();
    assertThat(state)
        .as("systemctl is-system-running, with failed units %s", failedUnits)
        .isEqualTo(failedUnits.isEmpty() ? "running" : "degraded");
  }

  /** The root mount's fields: source, UUID, options. */
  public String[] rootMountFields() {
    return rootMount.split("\\s+");
  }
}
