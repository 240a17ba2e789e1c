package org.osbuildj.core.selinux;

import java.nio.file.Path;

/** Makes files whose names are bytes that need not be text, through the shell. */
final class NamesOnDisk {
  private NamesOnDisk() {}

  /** An empty file named {@code name} (bytes, no '/' or NUL) in {@code directory}. */
  static void create(Path directory, byte[] name) throws Exception {
    StringBuilder octal = new StringBuilder();
    for (byte b : name) octal.append(String.format("\\%03o", b & 0xff));
    Process process =
        new ProcessBuilder("sh", "-c", "touch -- \"$(printf '" + octal + "')\"")
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) throw new IllegalStateException(output);
  }
}
