package org.osbuildj.core.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the machine osbuild-java runs on offers: whether this process is root, and which filesystems
 * its kernel knows. Read from {@code /proc} each time, so no JDK-internal module or native call is
 * needed.
 *
 * <pre>{@code
 * if (Host.isRoot() && Host.kernelHasFilesystem("overlay")) { ... }
 * }</pre>
 */
public final class Host {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path FILESYSTEMS = Path.of("/proc/filesystems");

  private Host() {}

  /**
   * Whether this process's effective user is root (uid 0), the user the kernel checks permissions
   * and namespace creation against. Without {@code /proc}, whether the user's name is {@code root}.
   *
   * @return true when running as root
   */
  public static boolean isRoot() {
    OptionalLong uid = effectiveUserId();
    return uid.isPresent() ? uid.getAsLong() == 0 : "root".equals(System.getProperty("user.name"));
  }

  /**
   * This process's effective user id, the second field of the {@code Uid:} line of {@code
   * /proc/self/status}.
   *
   * @return the id, or empty when {@code /proc} cannot be read
   */
  public static OptionalLong effectiveUserId() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("Uid:")) {
          String[] ids = line.substring("Uid:".length()).trim().split("\\s+");
          return ids.length > 1 ? OptionalLong.of(Long.parseLong(ids[1])) : OptionalLong.empty();
        }
      }
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /**
   * Whether the running kernel can mount filesystems of this type now, as listed in {@code
   * /proc/filesystems} (a module not loaded yet is not listed).
   *
   * @param type the filesystem type as {@code mount -t} takes it, such as {@code overlay}
   * @return true when the kernel lists it
   */
  public static boolean kernelHasFilesystem(String type) {
    try {
      List<String> lines = Files.readAllLines(FILESYSTEMS);
      // Each line is "[nodev]\tTYPE".
      return lines.stream()
          .map(line -> line.substring(line.lastIndexOf('\t') + 1).trim())
          .anyMatch(type::equals);
    } catch (IOException e) {
      return false;
    }
  }
}
