package org.osbuildj.examples.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Boots a disk image in QEMU (software emulation, no kernel on the command line: the firmware boots
 * the disk's own boot loader) and talks to the guest over its first serial port, as a person at a
 * serial terminal would: wait for text, type lines, run a command and read what it printed.
 *
 * <pre>{@code
 * try (QemuSerialConsole vm = QemuSerialConsole.boot(image, "qcow2")) {
 *   vm.await(Pattern.compile("demo login:"), Duration.ofMinutes(5));
 *   vm.login("root", "secret", Duration.ofMinutes(1));
 *   String out = vm.run("uname -r", Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>QEMU is killed on {@link #close()} and, should the JVM end first, by a shutdown hook; it runs
 * with {@code snapshot=on}, so the image is never changed.
 */
public final class QemuSerialConsole implements AutoCloseable {
  private static final Pattern SHELL_PROMPT = Pattern.compile("[#$] $");
  private final Process qemu;
  private final Thread shutdownHook;
  private final StringBuilder transcript = new StringBuilder();
  private final OutputStream keyboard;
  private final AtomicInteger commands = new AtomicInteger();

  /** Where in the transcript the next {@link #await} starts looking. */
  private int consumed;

  private QemuSerialConsole(Process qemu) {
    this.qemu = qemu;
    this.keyboard = qemu.getOutputStream();
    this.shutdownHook = new Thread(qemu::destroyForcibly, "kill-qemu-" + qemu.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Thread reader = new Thread(this::readConsole, "qemu-console-" + qemu.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Boots {@code image} ({@code format} as qemu-img names it) with 1 GiB of memory. */
  public static QemuSerialConsole boot(Path image, String format) throws IOException {
    return boot(commandLine(image, format, 1024));
  }

  /** Boots with this QEMU command line, whose serial port must be its standard input and output. */
  public static QemuSerialConsole boot(List<String> commandLine) throws IOException {
    return new QemuSerialConsole(new ProcessBuilder(commandLine).redirectErrorStream(true).start());
  }

  /**
   * The command line {@link #boot(Path, String)} uses: no display, no network, the serial port on
   * stdio.
   */
  public static List<String> commandLine(Path image, String format, int memoryMiB) {
    return new ArrayList<>(
        List.of(
            "qemu-system-x86_64",
            "-machine",
            "pc",
            "-m",
            Integer.toString(memoryMiB),
            "-smp",
            "2",
            "-nodefaults",
            "-display",
            "none",
            "-serial",
            "stdio",
            "-nic",
            "none",
            "-no-reboot",
            "-drive",
            "file=" + image + ",format=" + format + ",if=virtio,snapshot=on"));
  }

  /** Where Debian's {@code ovmf} package keeps the x86-64 UEFI firmware's code. */
  public static final Path OVMF_CODE = Path.of("/usr/share/OVMF/OVMF_CODE.fd");

  /** The firmware's variable store as shipped: each boot gets a copy of its own. */
  public static final Path OVMF_VARS = Path.of("/usr/share/OVMF/OVMF_VARS.fd");

  /**
   * {@link #commandLine} booting with UEFI firmware (OVMF, no Secure Boot) instead of SeaBIOS: its
   * code read-only and {@code varsCopy}, a writable copy of {@link #OVMF_VARS} the caller made, as
   * its variable store. The disk boots through the ESP's fallback loader, with no boot entry.
   */
  public static List<String> uefiCommandLine(
      Path image, String format, int memoryMiB, Path varsCopy) {
    List<String> argv = commandLine(image, format, memoryMiB);
    int drive = argv.indexOf("-drive");
    argv.addAll(
        drive,
        List.of(
            "-drive",
            "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
            "-drive",
            "if=pflash,format=raw,unit=1,file=" + varsCopy));
    return argv;
  }

  /** OVMF built for Secure Boot (it needs SMM, so a q35 machine). */
  public static final Path OVMF_SECURE_BOOT_CODE =
      Path.of("/usr/share/OVMF/OVMF_CODE_4M.secboot.fd");

  /**
   * A variable store with Microsoft's keys enrolled and Secure Boot on: what a PC's firmware ships
   * with, trusting Debian's shim through Microsoft's UEFI CA.
   */
  public static final Path OVMF_MS_VARS = Path.of("/usr/share/OVMF/OVMF_VARS_4M.ms.fd");

  /**
   * {@link #commandLine} booting with Secure Boot enforced: a q35 machine with SMM, OVMF's Secure
   * Boot build, and {@code varsCopy}, a writable copy of {@link #OVMF_MS_VARS}.
   */
  public static List<String> secureBootCommandLine(
      Path image, String format, int memoryMiB, Path varsCopy) {
    List<String> argv = commandLine(image, format, memoryMiB);
    argv.set(argv.indexOf("pc"), "q35,smm=on");
    int drive = argv.indexOf("-drive");
    argv.addAll(
        drive,
        List.of(
            "-global",
            "driver=cfi.pflash01,property=secure,value=on",
            "-drive",
            "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_SECURE_BOOT_CODE,
            "-drive",
            "if=pflash,format=raw,unit=1,file=" + varsCopy));
    return argv;
  }

  private void readConsole() {
    byte[] buffer = new byte[4096];
    try (InputStream out = qemu.getInputStream()) {
      int n;
      while ((n = out.read(buffer)) > 0) {
        synchronized (transcript) {
          transcript.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
          transcript.notifyAll();
        }
      }
    } catch (IOException e) {
      // QEMU was killed: the transcript keeps what it printed.
    } finally {
      synchronized (transcript) {
        transcript.notifyAll();
      }
    }
  }

  /**
   * Waits until text matching {@code pattern} appears after what earlier waits consumed.
   *
   * @return the match
   * @throws TimeoutException naming the pattern and ending with the last console output
   */
  public Matcher await(Pattern pattern, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (transcript) {
      while (true) {
        Matcher m = pattern.matcher(transcript);
        if (m.find(consumed)) {
          consumed = m.end();
          return m;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !qemu.isAlive()) {
          throw new TimeoutException(
              (qemu.isAlive() ? "no " : "QEMU exited (" + exitStatus() + ") without ")
                  + "'"
                  + pattern
                  + "' on the serial console within "
                  + timeout
                  + "; it last printed:\n"
                  + tail(3000));
        }
        TimeUnit.NANOSECONDS.timedWait(transcript, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
      }
    }
  }

  /** Types a line, as if followed by Enter. */
  public void type(String line) throws IOException {
    keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
  }

  /** Logs in at a login prompt already on screen and waits for the shell's prompt. */
  public void login(String user, String password, Duration timeout) throws Exception {
    type(user);
    await(Pattern.compile("Password: ?$", Pattern.MULTILINE), timeout);
    type(password);
    await(SHELL_PROMPT, timeout);
  }

  /**
   * Runs a shell command in the logged-in shell and returns what it printed. Its output is found
   * between markers the shell computes, so the echo of the typed line never matches them.
   */
  public String run(String command, Duration timeout) throws Exception {
    int n = commands.incrementAndGet();
    type("echo @@begin-$((" + n + "+0))@@; " + command + "; echo @@end-$((" + n + "+0))@@");
    Matcher m =
        await(
            Pattern.compile("@@begin-" + n + "@@\\r?\\n(.*?)@@end-" + n + "@@", Pattern.DOTALL),
            timeout);
    return m.group(1).replace("\r", "");
  }

  /** Everything the guest printed so far. */
  public String transcript() {
    synchronized (transcript) {
      return transcript.toString();
    }
  }

  private String tail(int chars) {
    return transcript.substring(Math.max(0, transcript.length() - chars));
  }

  private String exitStatus() {
    return qemu.isAlive() ? "running" : "exit status " + qemu.exitValue();
  }

  public boolean isRunning() {
    return qemu.isAlive();
  }

  /** Kills QEMU and waits until it is gone. */
  @Override
  public void close() throws InterruptedException {
    qemu.destroyForcibly();
    qemu.waitFor(30, TimeUnit.SECONDS);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and the hook is running or ran.
    }
  }
}
