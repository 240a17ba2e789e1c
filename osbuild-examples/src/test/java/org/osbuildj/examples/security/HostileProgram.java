package org.osbuildj.examples.security;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The test's hostile program ({@code security/hostile.c}), compiled statically with the host's gcc
 * so that it runs in trees with no shell and no libraries; and the key=value records it writes.
 * Skips the test when the host cannot compile it (Debian packages gcc and libc6-dev).
 */
final class HostileProgram {
  private HostileProgram() {}

  /** Compiles the program into {@code directory} (once) and returns its path. */
  static synchronized Path compiledIn(Path directory) throws IOException, InterruptedException {
    Path program = directory.resolve("hostile");
    if (Files.isExecutable(program)) {
      return program;
    }
    Path source = directory.resolve("hostile.c");
    Files.writeString(source, resource("hostile.c"));
    Process gcc;
    try {
      gcc =
          new ProcessBuilder(
                  "gcc", "-static", "-Os", "-s", "-o", program.toString(), source.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      assumeThat(false)
          .as("skipped: these tests compile a static program with gcc, which cannot run: " + e)
          .isTrue();
      throw e;
    }
    String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assumeThat(gcc.waitFor(2, TimeUnit.MINUTES) && gcc.exitValue() == 0)
        .as(
            "skipped: gcc -static cannot build the hostile program (apt-get install gcc libc6-dev):\n"
                + output)
        .isTrue();
    return program;
  }

  /** The text of a resource under {@code /security}. */
  static String resource(String name) {
    try (InputStream in = HostileProgram.class.getResourceAsStream("/security/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource /security/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The program's key=value lines, in order; empty when it wrote none. */
  static Map<String, String> records(Path file) throws IOException {
    Map<String, String> records = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return records;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        records.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    return records;
  }
}
