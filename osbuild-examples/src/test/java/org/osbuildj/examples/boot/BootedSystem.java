package org.osbuildj.examples.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What a booted image says about itself: boots it in QEMU, waits for its login prompt, logs in on
 * the serial console and asks for its state, its root mount and the kernel's command line. The
 * console's transcript is printed when any of that fails, and QEMU is stopped either way.
 *
 * @param state the last line of {@code systemctl is-system-running --wait}
 * @param rootMount {@code findmnt -n -o SOURCE,UUID,OPTIONS /}
 * @param cmdline {@code /proc/cmdline}
 */
public record BootedSystem(String state, String rootMount, String cmdline) {

  public static BootedSystem bootAndLogIn(
      Path image, String format, String hostname, String rootPassword) throws Exception {
    long started = System.nanoTime();
    try (QemuSerialConsole vm = QemuSerialConsole.boot(image, format)) {
      try {
        vm.await(
            Pattern.compile(Pattern.quote(hostname) + " login: ?$", Pattern.MULTILINE),
            Duration.ofMinutes(8));
        System.out.printf("e2e: login prompt after %.1f s%n", (System.nanoTime() - started) / 1e9);
        vm.login("root", rootPassword, Duration.ofMinutes(1));
        String state =
            vm.run("timeout 180 systemctl is-system-running --wait", Duration.ofMinutes(4));
        String root = vm.run("findmnt -n -o SOURCE,UUID,OPTIONS /", Duration.ofMinutes(1));
        String cmdline = vm.run("cat /proc/cmdline", Duration.ofMinutes(1));
        return new BootedSystem(
            state.strip().lines().reduce((a, b) -> b).orElse(""), root.strip(), cmdline);
      } catch (Exception | AssertionError e) {
        System.out.println("e2e: serial console transcript:\n" + vm.transcript());
        throw e;
      }
    }
  }

  /** The root mount's fields: source, UUID, options. */
  public String[] rootMountFields() {
    return rootMount.split("\\s+");
  }
}
