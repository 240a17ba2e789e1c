package org.osbuildj.core.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Makes the kernel run a foreign architecture's programs for one build, through QEMU's user-mode
 * emulators registered with binfmt_misc, and undoes at its end what it did.
 *
 * <p>{@link #ensure} checks {@code <binfmt_misc>/qemu-aarch64}: registered, enabled and with the
 * {@code F} flag (the interpreter opened at registration, so the emulator runs inside sandboxes and
 * chroots of trees that lack it) is all that is needed, and nothing is changed. Missing, and as
 * root, it registers the format from qemu-user-static's description with {@code F} set, and says
 * so. When binfmt_misc is not mounted on the host, it is mounted in a private mount namespace held
 * by a small process of this JVM, so the host's mount table never changes and the registration goes
 * away with that process even when the JVM is killed (the kernel forgets a binfmt_misc instance's
 * formats when its last mount goes); with {@code keep}, it is mounted on {@code
 * /proc/sys/fs/binfmt_misc} instead and left there with the formats. {@link #close} removes the
 * formats it registered (not others) and ends its mount, unless asked to keep them.
 *
 * <p>A format registered but disabled, or without {@code F}, is the user's: it is reported with
 * what to do, never changed.
 */
public final class Emulators implements AutoCloseable {
  /** Where binfmt_misc is mounted on a host that has it (systemd mounts it there). */
  public static final Path HOST_CONTROL = Path.of("/proc/sys/fs/binfmt_misc");

  private final boolean keep;
  private final Consumer<String> notices;
  private final Path hostControl;
  private final Path descriptions;
  private final Set<String> ready = new LinkedHashSet<>();
  private final List<String> registered = new ArrayList<>();
  private Path control;
  private Process holder;
  private boolean mountedOnHost;

  private Emulators(boolean keep, Consumer<String> notices, Path hostControl, Path descriptions) {
    this.keep = keep;
    this.notices = notices;
    this.hostControl = hostControl;
    this.descriptions = descriptions;
  }

  /**
   * For one build: formats it registers are removed when closed, unless {@code keep}.
   *
   * @param notices receives each change made to the host, as a sentence
   */
  public static Emulators forBuild(boolean keep, Consumer<String> notices) {
    return new Emulators(keep, notices, HOST_CONTROL, ForeignArchitecture.BINFMTS);
  }

  /** For tests: binfmt_misc's files and the emulators' descriptions in other directories. */
  static Emulators at(Path control, Path descriptions, Consumer<String> notices) {
    return new Emulators(false, notices, control, descriptions);
  }

  /**
   * Makes sure programs of {@code architecture} run in sandboxes from now to {@link #close}; does
   * nothing for the host's own architecture.
   *
   * @param who what needs it, for messages: a stage's name and id
   * @throws EmulationUnavailableException when they cannot be made to run, saying what to do
   */
  public synchronized void ensure(ForeignArchitecture architecture, String who) {
    if (!architecture.isForeignHere() || ready.contains(architecture.binfmtName())) return;
    String name = architecture.binfmtName();
    String what =
        who
            + " runs "
            + architecture.debianName()
            + " programs, which this "
            + ForeignArchitecture.host().map(ForeignArchitecture::debianName).orElse("")
            + " host runs through QEMU registered with binfmt_misc as "
            + name;
    try {
      Optional<BinfmtEntry> entry = entry(currentControl(), name);
      if (entry.isPresent()) {
        if (!entry.get().usableInSandboxes()) throw unusable(what, name, entry.get());
        ready.add(name);
        return;
      }
      if (!Host.isRoot()) {
        throw new EmulationUnavailableException(
            what
                + ", which is not registered; as root osbuild registers it for the build, or"
                + " register it yourself (F flag): apt-get install qemu-user-static binfmt-support;"
                + " update-binfmts --enable "
                + name);
      }
      BinfmtFormat format = format(architecture);
      Path writeTo = writableControl();
      Files.writeString(writeTo.resolve("register"), format.registerLine());
      registered.add(name);
      Optional<BinfmtEntry> now = entry(writeTo, name);
      if (now.isEmpty() || !now.get().usableInSandboxes()) {
        throw new EmulationUnavailableException(
            what + ": registered it, but binfmt_misc does not show it enabled with F: " + now);
      }
      ready.add(name);
      notices.accept(
          "registered "
              + name
              + " with binfmt_misc (flags "
              + now.get().flags()
              + ", "
              + format.interpreter()
              + ") to run "
              + architecture.debianName()
              + " programs; "
              + (keep ? "it stays registered (kept)" : "it is removed when the build ends"));
    } catch (IOException e) {
      throw new EmulationUnavailableException(what + ": " + e.getMessage(), e);
    }
  }

  private static EmulationUnavailableException unusable(
      String what, String name, BinfmtEntry entry) {
    return new EmulationUnavailableException(
        what
            + ", which is registered "
            + (entry.enabled()
                ? "without the F flag (flags: " + entry.flags() + ")"
                : "but disabled")
            + ": programs in a tree would not find "
            + entry.interpreter()
            + ". Register it with F (update-binfmts --disable "
            + name
            + ", or echo -1 > /proc/sys/fs/binfmt_misc/"
            + name
            + ", then let osbuild register it; or systemd-binfmt with qemu-user-static's"
            + " /usr/lib/binfmt.d files)");
  }

  private BinfmtFormat format(ForeignArchitecture architecture) throws IOException {
    Path description = descriptions.resolve(architecture.binfmtName());
    String text;
    try {
      text = Files.readString(description);
    } catch (NoSuchFileException e) {
      throw new EmulationUnavailableException(
          "no "
              + description
              + ": install QEMU's emulators for "
              + architecture.debianName()
              + " programs: apt-get install qemu-user-static");
    }
    BinfmtFormat format = BinfmtFormat.fromDescription(architecture.binfmtName(), text);
    if (!Files.isExecutable(Path.of(format.interpreter()))) {
      throw new EmulationUnavailableException(
          description
              + " names "
              + format.interpreter()
              + ", which is missing: apt-get install --reinstall qemu-user-static");
    }
    return format;
  }

  /** binfmt_misc's files as this build sees them: the host's, or its own mount's; null if none. */
  private Path currentControl() {
    if (control != null) return control;
    return Files.exists(hostControl.resolve("register")) ? hostControl : null;
  }

  private static Optional<BinfmtEntry> entry(Path control, String name) throws IOException {
    if (control == null) return Optional.empty();
    try {
      return BinfmtEntry.parse(Files.readString(control.resolve(name)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** binfmt_misc's files, mounting it when the host has it nowhere. */
  private Path writableControl() throws IOException {
    Path current = currentControl();
    if (current != null) return current;
    if (keep) {
      mountOnHost();
      mountedOnHost = true;
      notices.accept("mounted binfmt_misc on " + hostControl + " (kept)");
      control = hostControl;
      return control;
    }
    control = holdPrivateMount();
    return control;
  }

  private void mountOnHost() throws IOException {
    Process mount =
        new ProcessBuilder("mount", "-t", "binfmt_misc", "binfmt_misc", hostControl.toString())
            .redirectErrorStream(true)
            .start();
    mount.getOutputStream().close();
    String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (mount.waitFor() != 0) {
        throw new EmulationUnavailableException(
            "cannot mount binfmt_misc on " + hostControl + ": " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      mount.destroyForcibly();
      throw new EmulationUnavailableException("interrupted while mounting binfmt_misc", e);
    }
  }

  /**
   * A process in a mount namespace of its own, holding a binfmt_misc mount there while its standard
   * input is open: reached as {@code /proc/<pid>/root/...} by this JVM.
   */
  private Path holdPrivateMount() throws IOException {
    Process process =
        new ProcessBuilder(
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "--",
                "sh",
                "-c",
                "mount -t binfmt_misc binfmt_misc \"$0\" || exit 1; echo mounted; exec cat >/dev/null",
                hostControl.toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    if (!"mounted".equals(first)) {
      StringBuilder rest = new StringBuilder(first == null ? "" : first);
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        rest.append('\n').append(line);
      }
      process.destroyForcibly();
      throw new EmulationUnavailableException(
          "cannot mount binfmt_misc (is it in the kernel?): " + rest.toString().strip());
    }
    holder = process;
    return Path.of("/proc", Long.toString(process.pid()), "root")
        .resolve(hostControl.toString().substring(1));
  }

  /** Removes the formats this build registered and its mount, unless kept; says so. */
  @Override
  public synchronized void close() {
    try {
      if (!keep) {
        for (String name : registered) {
          try {
            Path entry = control == null ? hostControl.resolve(name) : control.resolve(name);
            if (Files.exists(entry)) Files.writeString(entry, "-1");
            notices.accept("removed " + name + " from binfmt_misc, as it was before the build");
          } catch (IOException e) {
            notices.accept("could not remove " + name + " from binfmt_misc: " + e.getMessage());
          }
        }
      }
      registered.clear();
      ready.clear();
    } finally {
      stopHolder();
      control = null;
    }
  }

  private void stopHolder() {
    if (holder == null) return;
    try {
      holder.getOutputStream().close();
      if (!holder.waitFor(10, TimeUnit.SECONDS)) holder.destroyForcibly().waitFor();
    } catch (IOException e) {
      holder.destroyForcibly();
    } catch (InterruptedException e) {
      holder.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      holder = null;
    }
  }

  /** Whether this build mounted binfmt_misc on the host (only when kept). */
  boolean mountedOnHost() {
    return mountedOnHost;
  }
}
