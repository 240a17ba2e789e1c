package org.osbuildj.isolation.loop;

import com.sun.jna.Memory;
import java.nio.file.Path;
import org.osbuildj.core.isolation.IsolationException;
import org.osbuildj.isolation.libc.LinuxCalls;
import org.osbuildj.isolation.libc.NativeCallException;

/**
 * A loop device that shows part of a file as a block device, attached with {@code AUTOCLEAR}: the
 * kernel detaches it when the last user lets go, so it cannot outlive this JVM, nor a mount of it
 * once unmounted.
 *
 * <pre>{@code
 * try (LoopDevice partition = LoopDevice.attach(image, 1 << 20, 512L << 20, false)) {
 *   run("mkfs.ext4", partition.path().toString());
 *   // mount it, in a sandbox's namespace, before closing
 * }
 * }</pre>
 *
 * <p>Keep it open until whatever uses the device (mkfs, a mount) holds it: closing the last file
 * descriptor detaches it at once. For a disk image, attach one device per partition with its offset
 * and size: the kernels we run on may not read partition tables of loop devices.
 */
public final class LoopDevice implements AutoCloseable {
  private static final long LOOP_CONFIGURE = 0x4C0A;
  private static final long LOOP_CTL_GET_FREE = 0x4C82;

  /** Another process may take the free device between our asking and our configuring it. */
  private static final int ATTEMPTS = 50;

  private final int number;
  private final long offset;
  private final long sizeLimit;
  private int fd;

  private LoopDevice(int number, int fd, long offset, long sizeLimit) {
    this.number = number;
    this.fd = fd;
    this.offset = offset;
    this.sizeLimit = sizeLimit;
  }

  /** The whole file, read-write. */
  public static LoopDevice attach(Path file) {
    return attach(file, 0, 0, false);
  }

  /**
   * The part of {@code file} that starts at {@code offset} bytes and is {@code sizeLimit} bytes
   * long (0 for up to the end).
   */
  public static LoopDevice attach(Path file, long offset, long sizeLimit, boolean readOnly) {
    String name = file.toAbsolutePath().toString();
    int backing =
        LinuxCalls.open(
            name, (readOnly ? LinuxCalls.O_RDONLY : LinuxCalls.O_RDWR) | LinuxCalls.O_CLOEXEC);
    try {
      return attach(backing, name, offset, sizeLimit, readOnly);
    } finally {
      // The device holds the file itself now; our descriptor is no longer needed.
      LinuxCalls.close(backing);
    }
  }

  /**
   * The part of the open file {@code backing} that starts at {@code offset} bytes and is {@code
   * sizeLimit} bytes long (0 for up to the end); the caller keeps and closes {@code backing}.
   *
   * @param name what the device reports as its file (informational, as losetup shows it)
   */
  public static LoopDevice attach(
      int backing, String name, long offset, long sizeLimit, boolean readOnly) {
    if (offset < 0 || sizeLimit < 0) {
      throw new IllegalArgumentException("offset and size limit must not be negative");
    }
    int flags = LoopConfig.LO_FLAGS_AUTOCLEAR | (readOnly ? LoopConfig.LO_FLAGS_READ_ONLY : 0);
    for (int attempt = 1; ; attempt++) {
      int number = freeDevice();
      int device =
          LinuxCalls.open(devicePath(number).toString(), LinuxCalls.O_RDWR | LinuxCalls.O_CLOEXEC);
      try (Memory config = LoopConfig.of(backing, offset, sizeLimit, flags, name)) {
        LinuxCalls.ioctl(
            device,
            LOOP_CONFIGURE,
            config,
            "LOOP_CONFIGURE " + devicePath(number) + " for " + name);
        return new LoopDevice(number, device, offset, sizeLimit);
      } catch (NativeCallException e) {
        LinuxCalls.close(device);
        if (e.errno() != LinuxCalls.EBUSY || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static int freeDevice() {
    int control = LinuxCalls.open("/dev/loop-control", LinuxCalls.O_RDWR | LinuxCalls.O_CLOEXEC);
    try {
      return LinuxCalls.ioctl(
          control, LOOP_CTL_GET_FREE, 0L, "LOOP_CTL_GET_FREE /dev/loop-control");
    } finally {
      LinuxCalls.close(control);
    }
  }

  private static Path devicePath(int number) {
    return Path.of("/dev/loop" + number);
  }

  /** The device node, such as {@code /dev/loop3}. */
  public Path path() {
    return devicePath(number);
  }

  /** The device's number: {@code 3} for {@code /dev/loop3}. */
  public int number() {
    return number;
  }

  public long offset() {
    return offset;
  }

  /** How many bytes of the file the device shows; 0 for up to the end of the file. */
  public long sizeLimit() {
    return sizeLimit;
  }

  /**
   * Lets go of the device. The kernel detaches it now if nothing else holds it, else when the last
   * holder (a mount) lets go.
   */
  @Override
  public synchronized void close() {
    if (fd < 0) {
      return;
    }
    int open = fd;
    fd = -1;
    try {
      LinuxCalls.close(open);
    } catch (IsolationException e) {
      throw new IsolationException("cannot let go of " + path(), e);
    }
  }

  @Override
  public String toString() {
    return path() + " (offset " + offset + ", size limit " + sizeLimit + ")";
  }
}
