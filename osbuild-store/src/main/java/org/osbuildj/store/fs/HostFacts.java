package org.osbuildj.store.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the host offers the store: are we root, does the kernel have overlayfs. */
public final class HostFacts {
  private HostFacts() {}

  /** Whether the effective user is root, read from /proc so no JDK-internal module is needed. */
  public static boolean runningAsRoot() {
    try {
      List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
      for (String line : status) {
        if (line.startsWith("Uid:")) {
          String[] ids = line.substring(4).trim().split("\\s+");
          return ids.length > 1 && ids[1].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  public static boolean kernelHasOverlayfs() {
    try {
      return Files.readAllLines(Path.of("/proc/filesystems")).stream()
          .anyMatch(line -> line.trim().endsWith("overlay"));
    } catch (IOException e) {
      return false;
    }
  }
}
