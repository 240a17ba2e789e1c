package org.osbuildj.store.fs;

import java.nio.file.Path;
import java.util.List;
import org.osbuildj.core.isolation.ProcessRunner;
import org.osbuildj.core.store.StoreException;

/** The space a tree takes on disk, as {@code du} counts it (hard links once, real blocks). */
public final class DiskUsage {
  private DiskUsage() {}

  public static long bytes(Path path) {
    String out =
        ProcessRunner.runTool(
                List.of("du", "-s", "-B1", "--", path.toString()), null, StoreException::new)
            .strip();
    try {
      return Long.parseLong(out.split("\\s+", 2)[0]);
    } catch (NumberFormatException e) {
      throw new StoreException("cannot read du's answer for " + path + ": " + out, e);
    }
  }
}
