package org.osbuildj.isolation.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.osbuildj.core.isolation.IsolationException;

/**
 * The small native program ({@code src/main/c/osbuild-sandbox.c}) that starts each sandbox command
 * in a user namespace of its own, which the JVM cannot make. Maven compiles it into this module's
 * jar for the build machine's architecture; it is written out once to a root-owned directory, under
 * a name that carries its hash, so that a changed program never runs under an old name and nobody
 * but root can replace it.
 */
final class SandboxProgram {
  static final Path DIRECTORY = Path.of("/run/osbuild-java/bin");
  private static final String NAME = "osbuild-sandbox";

  private SandboxProgram() {}

  /** The resource of this architecture's program, or empty when this jar was built without it. */
  static Optional<String> resource() {
    String name = "/org/osbuildj/isolation/native/" + System.getProperty("os.arch") + "/" + NAME;
    return SandboxProgram.class.getResource(name) == null ? Optional.empty() : Optional.of(name);
  }

  /** Writes the program out when it is not there yet, and returns where it is. */
  static Path install() {
    String resource =
        resource()
            .orElseThrow(
                () ->
                    new IsolationException(
                        "this osbuild-isolation jar has no "
                            + NAME
                            + " program for "
                            + System.getProperty("os.arch")
                            + " (it is compiled with cc when the jar is built)"));
    try {
      byte[] program;
      try (InputStream in = SandboxProgram.class.getResourceAsStream(resource)) {
        program = in.readAllBytes();
      }
      String hash =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(program))
              .substring(0, 16);
      Path target = DIRECTORY.resolve(NAME + "-" + hash);
      if (Files.isRegularFile(target) && Files.size(target) == program.length) {
        return target;
      }
      Files.createDirectories(DIRECTORY);
      Path temporary = Files.createTempFile(DIRECTORY, NAME, ".tmp");
      try {
        Files.write(temporary, program);
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
          Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
      return target;
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IsolationException(
          "cannot install the sandbox program in " + DIRECTORY + ": " + e.getMessage(), e);
    }
  }
}
