package org.osbuildj.examples.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of the directories the command line names, made before anything is read or runs. */
final class CommandLinePaths {
  private CommandLinePaths() {}

  /** {@code path} (when given) is not empty, and is a directory or does not exist yet. */
  static void directoryOrAbsent(String option, Path path) throws UsageException {
    if (path == null) {
      return;
    }
    notEmpty(option, path);
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new UsageException(
          option + " " + path + ": not a directory but " + kind(path) + "; give a directory");
    }
  }

  /** {@code path} (when given) is a directory holding stages/ or assemblers/. */
  static void libdir(String option, Path path) throws UsageException {
    if (path == null) {
      return;
    }
    notEmpty(option, path);
    if (!Files.exists(path)) {
      throw new UsageException(option + " " + path + ": no such directory");
    }
    if (!Files.isDirectory(path)) {
      throw new UsageException(
          option + " " + path + ": not a directory but " + kind(path) + "; give a directory");
    }
    if (!Files.isDirectory(path.resolve("stages"))
        && !Files.isDirectory(path.resolve("assemblers"))) {
      throw new UsageException(
          option
              + " "
              + path
              + ": holds neither stages/ nor assemblers/; a libdir has its stages in"
              + " DIR/stages/<name> and its assemblers in DIR/assemblers/<name>");
    }
  }

  /**
   * {@code path} (when given) can be written as a file: its directory exists, it is no directory.
   */
  static void fileToWrite(String option, Path path) throws UsageException {
    if (path == null) {
      return;
    }
    if (path.toString().isEmpty()) {
      throw new UsageException(option + " is empty; give a file name");
    }
    if (Files.isDirectory(path)) {
      throw new UsageException(option + " " + path + ": a directory; give a file name");
    }
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new UsageException(option + " " + path + ": no such directory " + parent);
    }
  }

  private static void notEmpty(String option, Path path) throws UsageException {
    if (path.toString().isEmpty()) {
      throw new UsageException(option + " is empty; give a directory (\".\" for the current one)");
    }
  }

  private static String kind(Path path) {
    if (Files.isRegularFile(path)) return "a regular file";
    return "a device, FIFO or socket";
  }
}
