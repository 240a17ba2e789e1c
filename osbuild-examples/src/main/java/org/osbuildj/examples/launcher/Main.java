package org.osbuildj.examples.launcher;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** The {@code osbuild} command: builds a manifest's pipeline, as osbuild's command line does. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command and returns its exit status: 0 built, 1 build failed, 2 bad input. */
  public static int run(String... args) {
    return run(System.out, System.err, System.getenv(), args);
  }

  /** Runs the command with the given streams and environment, as tests and wrappers need. */
  public static int run(
      PrintStream out, PrintStream err, Map<String, String> environment, String... args) {
    return new CommandLine(new OsbuildCommand(out, err, environment))
        .setCaseInsensitiveEnumValuesAllowed(true)
        // bin/osbuild passes its defaults first; a user's own later option wins.
        .setOverwrittenOptionsAllowed(true)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
