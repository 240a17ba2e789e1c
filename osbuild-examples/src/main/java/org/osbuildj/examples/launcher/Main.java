package org.osbuildj.examples.launcher;

import picocli.CommandLine;

/** The {@code osbuild} command: builds a manifest's pipeline, as osbuild's command line does. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command and returns its exit status: 0 built, 1 build failed, 2 bad input. */
  public static int run(String... args) {
    return new CommandLine(new OsbuildCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .execute(args);
  }
}
