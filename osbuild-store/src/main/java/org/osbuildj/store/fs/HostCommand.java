package org.osbuildj.store.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osbuildj.core.store.StoreException;

/**
 * Runs one host tool (cp, rm, du, sync, unshare) to completion and returns its output. The store uses
 * host tools where they keep what Java's file API loses: owners, device nodes, xattrs, hard links.
 */
public final class HostCommand {
  private static final int MAX_OUTPUT_IN_MESSAGE = 2000;

  private HostCommand() {}

  /** Runs {@code argv}; a non-zero exit becomes a {@link StoreException} naming the command. */
  public static String run(List<String> argv) {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new StoreException("cannot start " + argv.get(0) + " (is it installed?): " + e.getMessage(), e);
    }
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = process.waitFor();
      if (status != 0) {
        throw new StoreException(String.join(" ", argv) + " failed with exit status " + status + ": "
            + shorten(output.strip()));
      }
      return output;
    } catch (IOException e) {
      process.destroyForcibly();
      throw new StoreException("reading the output of " + String.join(" ", argv) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      // Left running, a cp would go on writing into a directory we are about to delete.
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while running " + String.join(" ", argv), e);
    }
  }

  private static String shorten(String output) {
    return output.length() <= MAX_OUTPUT_IN_MESSAGE ? output
        : "..." + output.substring(output.length() - MAX_OUTPUT_IN_MESSAGE);
  }
}
