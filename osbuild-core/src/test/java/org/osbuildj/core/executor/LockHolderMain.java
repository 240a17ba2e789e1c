package org.osbuildj.core.executor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds an exclusive lock on the file it is given, as a running build holds its staging
 * directory's, until its standard input ends: a process other than the test's, so the lock is seen
 * as another process's.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws IOException {
    try (FileChannel channel =
            FileChannel.open(
                Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      System.out.println(lock.isValid() ? "locked" : "not locked");
      System.out.flush();
      while (System.in.read() != -1) {
        // until the test closes our input
      }
    }
  }
}
