package org.osbuildj.core.debian;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osbuildj.core.spi.StepContext;

/**
 * Reads how far a package installation is from the lines apt, dpkg and mmdebstrap print: apt's
 * summary ("3 upgraded, 120 newly installed, ...") gives the number of packages, and each
 * "Unpacking" and "Setting up" line is one step of twice that many. Works on plain output, without
 * a terminal, which is how stages run. dnf's transaction lines ("Installing : name 3/40", then
 * "Verifying : name 3/40") count the same way: each package installed and verified is one step of
 * twice the transaction's size.
 */
public final class PackageProgress {
  private static final Pattern SUMMARY =
      Pattern.compile("^(\\d+) upgraded, (\\d+) newly installed, (\\d+) to remove");
  private static final Pattern GET = Pattern.compile("^Get:(\\d+) ");
  private static final Pattern STEP = Pattern.compile("^(Unpacking|Setting up) (\\S+)");
  private static final Pattern DNF_STEP =
      Pattern.compile(
          "^\\s*(Installing|Upgrading|Reinstalling|Downgrading|Verifying)\\s*: (\\S+)\\s+(\\d+)/(\\d+)\\s*$");
  private static final Pattern DNF_DOWNLOAD = Pattern.compile("^\\((\\d+)/(\\d+)\\): (\\S+)");

  private long packages;
  private long steps;

  /**
   * Reports the package work of every command {@code context}'s step runs from now on as the step's
   * progress: for the stages that run apt, dpkg or mmdebstrap.
   */
  public static void reportTo(StepContext context) {
    PackageProgress progress = new PackageProgress();
    context.watchOutput(
        line ->
            progress
                .accept(line)
                .ifPresent(p -> context.progress(p.done(), p.total(), p.activity())));
  }

  /** Reads one line; returns the progress when the line moved it. */
  public synchronized Optional<Progress> accept(String line) {
    Optional<Progress> dnf = dnf(line);
    if (dnf.isPresent()) {
      return dnf;
    }
    Matcher summary = SUMMARY.matcher(line);
    if (summary.find()) {
      // A new apt run: its own count of packages, counted from zero.
      packages = Long.parseLong(summary.group(1)) + Long.parseLong(summary.group(2));
      steps = 0;
      return packages == 0
          ? Optional.empty()
          : Optional.of(new Progress(0, packages * 2, "downloading"));
    }
    if (packages == 0) {
      return Optional.empty();
    }
    Matcher get = GET.matcher(line);
    if (get.find()) {
      return Optional.of(
          new Progress(steps, packages * 2, "downloading " + get.group(1) + " of " + packages));
    }
    Matcher step = STEP.matcher(line);
    if (step.find()) {
      steps = Math.min(steps + 1, packages * 2);
      String verb = step.group(1).equals("Unpacking") ? "unpacking " : "setting up ";
      return Optional.of(new Progress(steps, packages * 2, verb + step.group(2)));
    }
    return Optional.empty();
  }

  private static Optional<Progress> dnf(String line) {
    Matcher step = DNF_STEP.matcher(line);
    if (step.find()) {
      long done = Long.parseLong(step.group(3));
      long total = Long.parseLong(step.group(4));
      if (done > total || total == 0) {
        return Optional.empty();
      }
      boolean verifying = step.group(1).equals("Verifying");
      return Optional.of(
          new Progress(
              verifying ? total + done : done,
              total * 2,
              (verifying ? "verifying " : "installing ") + step.group(2)));
    }
    Matcher download = DNF_DOWNLOAD.matcher(line);
    if (download.find()) {
      return Optional.of(
          new Progress(
              0,
              Long.parseLong(download.group(2)) * 2,
              "downloading " + download.group(1) + " of " + download.group(2)));
    }
    return Optional.empty();
  }

  /** Work done so far: {@code done} of {@code total} units. */
  public record Progress(long done, long total, String activity) {}
}
