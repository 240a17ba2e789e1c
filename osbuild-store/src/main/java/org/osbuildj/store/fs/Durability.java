package org.osbuildj.store.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import org.osbuildj.core.isolation.ProcessRunner;
import org.osbuildj.core.store.StoreException;

/**
 * Puts data on disk before it is made visible, so that a crash after a rename never exposes a name
 * whose content was still in the page cache.
 */
public final class Durability {
  private Durability() {}

  /**
   * Flushes a whole tree. One {@code syncfs} of its filesystem is far cheaper than an fsync per
   * file of a tree with tens of thousands of files, at the price of flushing others' data too.
   */
  public static void syncTree(Path tree) {
    ProcessRunner.runTool(
        List.of("sync", "--file-system", "--", tree.toString()), null, StoreException::new);
  }

  /** Flushes one file or directory (a directory's fsync makes its new entries durable). */
  public static void fsync(Path path) throws IOException {
    boolean directory = Files.isDirectory(path);
    try (FileChannel channel =
        FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /**
   * Replaces {@code target} with {@code text} so that readers see either the old or the new text.
   */
  public static void writeAtomically(Path target, String text) throws IOException {
    Path temporary =
        target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      fsync(target.getParent());
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
