package org.osbuildj.isolation.libc;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * AF_UNIX datagram sockets that carry file descriptors ({@code SCM_RIGHTS}), as the seed's
 * loop-device protocol passes them: {@code socket(2)}, {@code bind(2)}, {@code recvmsg(2)}, {@code
 * sendto(2)} and {@code poll(2)}, with the kernel's structures laid out as on 64-bit Linux.
 */
public final class UnixDatagrams {
  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOL_SOCKET = 1;
  private static final int SCM_RIGHTS = 1;
  private static final int MSG_CTRUNC = 0x8;
  private static final int MSG_TRUNC = 0x20;
  private static final int MSG_DONTWAIT = 0x40;
  private static final int MSG_CMSG_CLOEXEC = 0x40000000;
  private static final int EINTR = 4;
  private static final short POLLIN = 1;

  /** {@code struct sockaddr_un}: a short family, then 108 bytes of path. */
  private static final int SOCKADDR_UN_SIZE = 110;

  private static final int SUN_PATH_LENGTH = 108;

  /** {@code struct msghdr}: name, namelen (+pad), iov, iovlen, control, controllen, flags. */
  private static final int MSGHDR_SIZE = 56;

  private static final int MSG_NAME = 0;
  private static final int MSG_NAMELEN = 8;
  private static final int MSG_IOV = 16;
  private static final int MSG_IOVLEN = 24;
  private static final int MSG_CONTROL = 32;
  private static final int MSG_CONTROLLEN = 40;
  private static final int MSG_FLAGS = 48;

  /** {@code struct cmsghdr}: a size_t length, then level and type ints; data 8-byte aligned. */
  private static final int CMSG_HEADER = 16;

  private UnixDatagrams() {}

  /** What one datagram brought: its bytes, the descriptors it passed, and who sent it. */
  public record Datagram(byte[] data, List<Integer> fds, byte[] sender, boolean truncated) {}

  /** A datagram socket bound at {@code path}; close-on-exec. */
  public static int bound(String path) {
    byte[] name = path.getBytes(StandardCharsets.UTF_8);
    if (name.length >= SUN_PATH_LENGTH) {
      throw new IllegalArgumentException("a socket path must be under 108 bytes: " + path);
    }
    int fd = LinuxCalls.c().socket(AF_UNIX, SOCK_DGRAM | LinuxCalls.O_CLOEXEC, 0);
    if (fd < 0) {
      throw LinuxCalls.failure("socket AF_UNIX");
    }
    try (Memory address = new Memory(SOCKADDR_UN_SIZE)) {
      address.clear();
      address.setShort(0, (short) AF_UNIX);
      address.write(2, name, 0, name.length);
      if (LinuxCalls.c().bind(fd, address, SOCKADDR_UN_SIZE) != 0) {
        NativeCallException failure = LinuxCalls.failure("bind " + path);
        LinuxCalls.close(fd);
        throw failure;
      }
    }
    return fd;
  }

  /** Whether a datagram waits, after up to {@code timeoutMillis}. */
  public static boolean readable(int fd, int timeoutMillis) {
    try (Memory poll = new Memory(8)) {
      poll.clear();
      poll.setInt(0, fd);
      poll.setShort(4, POLLIN);
      int ready = LinuxCalls.c().poll(poll, new NativeLong(1), timeoutMillis);
      if (ready < 0) {
        NativeCallException failure = LinuxCalls.failure("poll");
        if (failure.errno() == EINTR) {
          return false;
        }
        throw failure;
      }
      return ready > 0 && (poll.getShort(6) & POLLIN) != 0;
    }
  }

  /**
   * Receives one datagram without waiting, its descriptors close-on-exec in this process; the
   * caller closes them. A datagram or descriptor list too long for the buffers is marked truncated
   * (what did arrive is still returned, to be closed).
   */
  public static Datagram receive(int fd, int maxBytes, int maxFds) {
    int controlSize = CMSG_HEADER + align(4 * maxFds);
    try (Memory data = new Memory(maxBytes);
        Memory control = new Memory(controlSize);
        Memory sender = new Memory(SOCKADDR_UN_SIZE);
        Memory iov = new Memory(16);
        Memory header = new Memory(MSGHDR_SIZE)) {
      control.clear();
      sender.clear();
      iov.setPointer(0, data);
      iov.setLong(8, maxBytes);
      header.clear();
      header.setPointer(MSG_NAME, sender);
      header.setInt(MSG_NAMELEN, SOCKADDR_UN_SIZE);
      header.setPointer(MSG_IOV, iov);
      header.setLong(MSG_IOVLEN, 1);
      header.setPointer(MSG_CONTROL, control);
      header.setLong(MSG_CONTROLLEN, controlSize);
      long length = LinuxCalls.c().recvmsg(fd, header, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
      if (length < 0) {
        throw LinuxCalls.failure("recvmsg");
      }
      List<Integer> fds = descriptors(control, header.getLong(MSG_CONTROLLEN));
      int flags = header.getInt(MSG_FLAGS);
      int senderLength = Math.min(header.getInt(MSG_NAMELEN), SOCKADDR_UN_SIZE);
      return new Datagram(
          data.getByteArray(0, (int) Math.min(length, maxBytes)),
          fds,
          sender.getByteArray(0, senderLength),
          (flags & (MSG_CTRUNC | MSG_TRUNC)) != 0);
    }
  }

  private static List<Integer> descriptors(Pointer control, long controlLength) {
    List<Integer> fds = new ArrayList<>();
    long offset = 0;
    while (offset + CMSG_HEADER <= controlLength) {
      long length = control.getLong(offset);
      if (length < CMSG_HEADER) {
        break;
      }
      int level = control.getInt(offset + 8);
      int type = control.getInt(offset + 12);
      if (level == SOL_SOCKET && type == SCM_RIGHTS) {
        for (long at = CMSG_HEADER; at + 4 <= length; at += 4) {
          fds.add(control.getInt(offset + at));
        }
      }
      offset += align(length);
    }
    return fds;
  }

  /** Sends {@code data} to the socket with the address {@code to}, as recvmsg reported it. */
  public static void sendTo(int fd, byte[] data, byte[] to) {
    try (Memory buffer = new Memory(Math.max(1, data.length));
        Memory address = new Memory(Math.max(2, to.length))) {
      buffer.write(0, data, 0, data.length);
      address.write(0, to, 0, to.length);
      long sent =
          LinuxCalls.c()
              .sendto(fd, buffer, new NativeLong(data.length), MSG_DONTWAIT, address, to.length);
      if (sent < 0) {
        throw LinuxCalls.failure("sendto");
      }
    }
  }

  private static long align(long length) {
    return (length + 7) & ~7L;
  }

  private static int align(int length) {
    return (length + 7) & ~7;
  }
}
