package org.osbuildj.isolation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.osbuildj.core.json.Json;
import org.osbuildj.isolation.libc.FileStatus;
import org.osbuildj.isolation.libc.LinuxCalls;
import org.osbuildj.isolation.libc.ThreadCredentials;
import org.osbuildj.isolation.libc.UnixDatagrams;
import org.osbuildj.isolation.libc.UnixDatagrams.Datagram;

/**
 * Serves loop devices to one sandbox over the seed's {@code remoteloop} protocol: a datagram whose
 * JSON names, by index into the descriptors it passes, a backing file ({@code fd}) and a directory
 * for the device node ({@code dir_fd}), with an optional {@code offset} and {@code sizelimit} in
 * bytes; the answer is {@code {"devname": "loopN"}}, the node made in that directory.
 *
 * <p>It does not widen the sandbox: the backing file must be a regular file the sandbox opened
 * itself (a device gets the access its descriptor has, read-only for a read-only descriptor); the
 * node is made only in the sandbox's own {@code /dev}, owned by the sandbox's root, never where a
 * request points elsewhere; a sandbox gets at most {@value #MAX_DEVICES} devices; and every device
 * is let go and its node removed when the sandbox closes the server, whatever the step did. A
 * request that is refused is answered {@code {"error": "..."}} and said in the step's log.
 */
public final class LoopDeviceServer implements AutoCloseable {
  static final int MAX_DEVICES = 16;

  private static final int MAX_REQUEST_BYTES = 1024;
  private static final int MAX_DESCRIPTORS = 253;
  private static final int POLL_MILLIS = 100;
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final int socket;
  private final int devDirectory;
  private final FileStatus devStatus;
  private final int deviceOwner;
  private final Consumer<String> log;
  private final List<LoopDevice> devices = new ArrayList<>();
  private final Thread thread;
  private volatile boolean closing;

  /**
   * Starts serving on a new thread.
   *
   * @param socket a bound AF_UNIX datagram socket; the server closes it
   * @param devDirectory a descriptor of the sandbox's {@code /dev}, where nodes are made; the
   *     caller keeps and closes it, after closing the server
   * @param deviceOwner the host id of the sandbox's root, who gets the nodes
   * @param log the step's log
   */
  public static LoopDeviceServer start(
      int socket, int devDirectory, int deviceOwner, Consumer<String> log) {
    LoopDeviceServer server = new LoopDeviceServer(socket, devDirectory, deviceOwner, log);
    server.thread.start();
    return server;
  }

  private LoopDeviceServer(int socket, int devDirectory, int deviceOwner, Consumer<String> log) {
    this.socket = socket;
    this.devDirectory = devDirectory;
    this.devStatus = FileStatus.of(devDirectory);
    this.deviceOwner = deviceOwner;
    this.log = log;
    this.thread = new Thread(this::serve, "remoteloop-" + COUNTER.incrementAndGet());
    this.thread.setDaemon(true);
  }

  private void serve() {
    // A thread starts with its creator's file-system ids, which may be the sandbox root's: device
    // nodes are made in a /dev that only the host's root may write.
    ThreadCredentials.useFileSystemIds(0);
    while (!closing) {
      try {
        if (UnixDatagrams.readable(socket, POLL_MILLIS)) {
          answer(UnixDatagrams.receive(socket, MAX_REQUEST_BYTES, MAX_DESCRIPTORS));
        }
      } catch (RuntimeException e) {
        log.accept("remoteloop: " + e.getMessage());
      }
    }
  }

  private void answer(Datagram request) {
    ObjectNode reply = Json.object();
    try {
      reply.put("devname", attach(request));
    } catch (RefusedException | RuntimeException e) {
      log.accept("remoteloop: refused a loop device: " + e.getMessage());
      reply.put("error", e.getMessage());
    } finally {
      for (int fd : request.fds()) {
        LinuxCalls.close(fd);
      }
    }
    if (request.sender().length > 2) {
      UnixDatagrams.sendTo(
          socket, reply.toString().getBytes(StandardCharsets.UTF_8), request.sender());
    } else {
      log.accept("remoteloop: a request came from an unnamed socket, which cannot be answered");
    }
  }

  private String attach(Datagram request) throws RefusedException {
    if (request.truncated()) {
      throw new RefusedException(
          "the request is longer than "
              + MAX_REQUEST_BYTES
              + " bytes or passes too many descriptors");
    }
    JsonNode args;
    try {
      args = Json.mapper().readTree(request.data());
    } catch (java.io.IOException e) {
      throw new RefusedException("the request is not JSON: " + e.getMessage());
    }
    if (args == null || !args.isObject()) {
      throw new RefusedException("the request must be a JSON object");
    }
    int backing = descriptor(args, "fd", request.fds());
    int directory = descriptor(args, "dir_fd", request.fds());
    long offset = bytes(args, "offset");
    long sizeLimit = bytes(args, "sizelimit");
    if (!FileStatus.of(backing).isRegularFile()) {
      throw new RefusedException("the backing file (fd) must be a regular file");
    }
    if (!FileStatus.of(directory).sameFileAs(devStatus)) {
      throw new RefusedException("device nodes are made only in the sandbox's /dev (dir_fd)");
    }
    synchronized (devices) {
      if (devices.size() >= MAX_DEVICES) {
        throw new RefusedException("a step gets at most " + MAX_DEVICES + " loop devices");
      }
      LoopDevice device =
          LoopDevice.attach(
              backing, "remoteloop", offset, sizeLimit, !LinuxCalls.openForWriting(backing));
      try {
        String name = device.path().getFileName().toString();
        FileStatus node = FileStatus.of(device.path().toString());
        LinuxCalls.unlinkAt(devDirectory, name);
        LinuxCalls.mknodBlock(devDirectory, name, 0600, node.rdevMajor(), node.rdevMinor());
        LinuxCalls.chownAt(devDirectory, name, deviceOwner, deviceOwner);
        devices.add(device);
        log.accept(
            "remoteloop: /dev/" + name + " (offset " + offset + ", size limit " + sizeLimit + ")");
        return name;
      } catch (RuntimeException e) {
        device.close();
        throw e;
      }
    }
  }

  private static int descriptor(JsonNode args, String field, List<Integer> fds)
      throws RefusedException {
    JsonNode index = args.get(field);
    if (index == null || !index.canConvertToInt() || !index.isIntegralNumber()) {
      throw new RefusedException("'" + field + "' must be the index of a passed descriptor");
    }
    int at = index.intValue();
    if (at < 0 || at >= fds.size()) {
      throw new RefusedException(
          "'" + field + "' is " + at + ", but " + fds.size() + " descriptors were passed");
    }
    return fds.get(at);
  }

  private static long bytes(JsonNode args, String field) throws RefusedException {
    JsonNode value = args.get(field);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
      throw new RefusedException("'" + field + "' must be a number of bytes, not " + value);
    }
    return value.longValue();
  }

  /** How many devices the sandbox holds now. */
  public int deviceCount() {
    synchronized (devices) {
      return devices.size();
    }
  }

  /**
   * Stops serving, removes every node and lets every device go: the kernel detaches each as soon as
   * nothing holds it (the sandbox's processes and mounts are gone by the time a step ends).
   */
  @Override
  public void close() {
    closing = true;
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      synchronized (devices) {
        for (LoopDevice device : devices) {
          try {
            LinuxCalls.unlinkAt(devDirectory, device.path().getFileName().toString());
          } catch (RuntimeException e) {
            log.accept("remoteloop: " + e.getMessage());
          }
          device.close();
        }
        devices.clear();
      }
    } finally {
      LinuxCalls.close(socket);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A request the server answers with an error instead of a device. */
  private static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message);
    }
  }
}
