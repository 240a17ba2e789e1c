package org.osbuildj.isolation.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.isolation.libc.LinuxCalls;
import org.osbuildj.isolation.libc.UnixDatagrams;
import org.osbuildj.isolation.loop.LoopDeviceServer;

/**
 * The seed's {@code /run/osbuild/api/remoteloop} in a sandbox that serves loop devices: a socket
 * made on the sandbox thread (so it lives in the sandbox's network namespace, where the seed's
 * client binds its own abstract address for the answer), in a directory of the sandbox's staging
 * area bound read-only into the root, as the seed bound its api directory.
 */
final class LoopDeviceApi implements AutoCloseable {
  static final String API_IN_ROOT = "/run/osbuild/api";
  private static final String SOCKET = "remoteloop";

  private final LoopDeviceServer server;
  private final int devDirectory;

  private LoopDeviceApi(LoopDeviceServer server, int devDirectory) {
    this.server = server;
    this.devDirectory = devDirectory;
  }

  /** Serves the sandbox whose root {@code layout} describes, if its spec asks for loop devices. */
  static AutoCloseable open(
      SandboxSpec spec, SandboxLayout layout, MountStack mounts, SandboxRuntime runtime)
      throws IOException {
    if (!spec.loopDevices()) {
      return () -> {};
    }
    Path api = Files.createDirectory(layout.staging().resolve("api"));
    Path socketPath = api.resolve(SOCKET);
    int socket = UnixDatagrams.bound(socketPath.toString());
    int devDirectory = -1;
    try {
      // connect(2) needs write access to the socket, which the sandbox's root, a host user that
      // owns nothing, has only as "other"; the directory is read-only in the root all the same.
      Files.setPosixFilePermissions(
          socketPath, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
      Path inRoot = Files.createDirectories(layout.inRoot(API_IN_ROOT));
      mounts.bind(api, inRoot, false);
      devDirectory = LinuxCalls.open(layout.root().resolve("dev").toString(), LinuxCalls.O_PATH);
      return new LoopDeviceApi(
          LoopDeviceServer.start(socket, devDirectory, runtime.hostRoot(), spec.log()),
          devDirectory);
    } catch (RuntimeException | IOException e) {
      LinuxCalls.close(socket);
      if (devDirectory >= 0) {
        LinuxCalls.close(devDirectory);
      }
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      LinuxCalls.close(devDirectory);
    }
  }
}
