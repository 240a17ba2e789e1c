package org.osbuildj.examples.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;
import org.osbuildj.core.OsbuildException;
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
        .setExecutionExceptionHandler(
            (e, commandLine, parsed) -> {
              // The store commands' failures: a message, never a stack trace.
              if (e instanceof UsageException) {
                err.println("osbuild: " + e.getMessage());
                return ExitStatus.INVALID_INPUT;
              }
              if (e instanceof IOException || e instanceof OsbuildException) {
                err.println("osbuild: " + describe(e));
                return ExitStatus.BUILD_FAILED;
              }
              throw e;
            })
        .execute(args);
  }

  /** An I/O failure's message, with what failed: a bare path alone says nothing. */
  static String describe(Exception e) {
    if (e instanceof FileSystemException f) {
      return f.getFile()
          + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "")
          + ": "
          + reason(f);
    }
    return String.valueOf(e.getMessage());
  }

  /** What went wrong with a file, in words, without the file's name. */
  static String reason(FileSystemException e) {
    if (e.getReason() != null) return e.getReason();
    if (e instanceof NoSuchFileException) return "no such file or directory";
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof FileAlreadyExistsException) return "already exists";
    if (e instanceof NotDirectoryException) return "not a directory";
    return e.getClass().getSimpleName();
  }
}
