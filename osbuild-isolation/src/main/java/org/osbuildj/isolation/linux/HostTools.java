package org.osbuildj.isolation.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The host programs that start a command inside a sandbox, both from util-linux: {@code setpriv}
 * ties the command's life to the sandbox thread, {@code unshare} gives it its own pid namespace
 * and {@code /proc} and enters the root. They run from the host before the root is entered, so the
 * root itself needs no shell, no {@code mount} and no chroot program.
 */
record HostTools(Path setpriv, Path unshare) {
  private static final List<String> DIRECTORIES = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");

  /** The tools, or empty with the reason in {@code missing} when one is not installed. */
  static Optional<HostTools> find() {
    Optional<Path> setpriv = locate("setpriv");
    Optional<Path> unshare = locate("unshare");
    if (setpriv.isEmpty() || unshare.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new HostTools(setpriv.get(), unshare.get()));
  }

  private static Optional<Path> locate(String program) {
    return DIRECTORIES.stream().map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
  }
}
