package org.osbuildj.isolation.loop;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;

/**
 * The kernel's {@code struct loop_config} (304 bytes) for {@code LOOP_CONFIGURE}: the backing file
 * descriptor, then a {@code struct loop_info64} at offset 8. Offsets as the kernel's uapi header
 * lays them out on 64-bit Linux.
 */
final class LoopConfig {
  static final int SIZE = 304;
  static final int LO_FLAGS_READ_ONLY = 1;
  static final int LO_FLAGS_AUTOCLEAR = 4;

  private static final int FD = 0;
  private static final int INFO = 8;
  private static final int OFFSET = INFO + 24;
  private static final int SIZE_LIMIT = INFO + 32;
  private static final int FLAGS = INFO + 52;
  private static final int FILE_NAME = INFO + 56;
  private static final int FILE_NAME_LENGTH = 64;

  private LoopConfig() {}

  /** A cleared structure filled in; the caller closes it after the ioctl. */
  static Memory of(int backingFd, long offset, long sizeLimit, int flags, String fileName) {
    Memory config = new Memory(SIZE);
    config.clear();
    config.setInt(FD, backingFd);
    config.setLong(OFFSET, offset);
    config.setLong(SIZE_LIMIT, sizeLimit);
    config.setInt(FLAGS, flags);
    // Informational only (losetup shows it); the kernel wants it NUL-terminated within 64 bytes.
    byte[] name = fileName.getBytes(StandardCharsets.UTF_8);
    config.write(FILE_NAME, name, 0, Math.min(name.length, FILE_NAME_LENGTH - 1));
    return config;
  }
}
