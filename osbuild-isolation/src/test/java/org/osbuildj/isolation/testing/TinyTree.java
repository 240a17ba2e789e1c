package org.osbuildj.isolation.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A tiny operating-system tree made of the host's static busybox, for tests that run commands
 * chrooted in a tree or use a tree as the build root. Skips the test when the host has no static
 * busybox (Debian package busybox-static).
 */
public final class TinyTree {
  public static final Path BUSYBOX = Path.of("/bin/busybox");

  /** What {@code /etc/os-name} says in the tree, to tell it from the host. */
  public static final String NAME = "tiny busybox tree";

  private static final List<String> APPLETS =
      List.of("sh", "cat", "ls", "touch", "echo", "test", "sleep", "true");
  private static final int PT_INTERP = 3;

  private TinyTree() {}

  /** The tree's programs and {@code /etc} only: no {@code /dev}, {@code /proc} or {@code /sys}. */
  public static Path programsOnly(Path directory) throws IOException {
    Assumptions.assumeTrue(
        Files.isExecutable(BUSYBOX) && isStatic(BUSYBOX),
        "skipped: needs a static /bin/busybox on the host (apt-get install busybox-static) to build a tiny tree");
    Path bin = Files.createDirectories(directory.resolve("bin"));
    Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    for (String applet : APPLETS) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    Files.writeString(
        Files.createDirectories(directory.resolve("etc")).resolve("os-name"), NAME + "\n");
    return directory;
  }

  /** A tree fit to be a build root: with the directories a sandbox mounts on. */
  public static Path buildRoot(Path directory) throws IOException {
    programsOnly(directory);
    for (String dir : List.of("dev", "proc", "sys", "tmp", "run", "var/tmp")) {
      Files.createDirectories(directory.resolve(dir));
    }
    return directory;
  }

  /**
   * Whether an ELF executable has no program interpreter, so it runs without the host's libraries.
   */
  private static boolean isStatic(Path executable) throws IOException {
    ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(executable)).order(ByteOrder.LITTLE_ENDIAN);
    long headers = elf.getLong(0x20);
    int size = Short.toUnsignedInt(elf.getShort(0x36));
    int count = Short.toUnsignedInt(elf.getShort(0x38));
    for (int i = 0; i < count; i++) {
      if (elf.getInt((int) headers + i * size) == PT_INTERP) {
        return false;
      }
    }
    return true;
  }
}
