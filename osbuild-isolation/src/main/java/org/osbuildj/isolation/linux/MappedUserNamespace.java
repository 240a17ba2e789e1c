package org.osbuildj.isolation.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.osbuildj.core.isolation.IsolationException;
import org.osbuildj.isolation.libc.LinuxCalls;

/**
 * A user namespace with the sandbox's id map, held open by a file descriptor: id-mapped mounts take
 * their map from such a descriptor. The JVM cannot make one itself (a multithreaded process may not
 * unshare its user namespace), so the sandbox program makes it, waits while we open it, and exits;
 * the descriptor keeps the namespace alive for the JVM's life.
 */
final class MappedUserNamespace {
  /** One per program and map: the descriptor is the whole state, and it is never closed. */
  private static final ConcurrentHashMap<String, Integer> OPEN = new ConcurrentHashMap<>();

  private MappedUserNamespace() {}

  /** A descriptor of a user namespace with {@code mapping}, opened once per JVM. */
  static int descriptor(Path program, IdMapping mapping) {
    return OPEN.computeIfAbsent(program + " " + mapping.argument(), key -> open(program, mapping));
  }

  private static int open(Path program, IdMapping mapping) {
    Process holder;
    try {
      holder =
          new ProcessBuilder(program.toString(), "--hold-userns", mapping.argument())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
    } catch (IOException e) {
      throw new IsolationException("cannot start " + program + ": " + e.getMessage(), e);
    }
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      if (!"ready".equals(line)) {
        throw new IsolationException(
            "the sandbox program could not make a user namespace with ids "
                + mapping.argument()
                + " (it said "
                + line
                + ", exit status "
                + exitStatus(holder)
                + ")");
      }
      return LinuxCalls.open(
          "/proc/" + holder.pid() + "/ns/user", LinuxCalls.O_RDONLY | LinuxCalls.O_CLOEXEC);
    } catch (IOException e) {
      throw new IsolationException("cannot read from " + program + ": " + e.getMessage(), e);
    } finally {
      try {
        holder.getOutputStream().close();
        if (!holder.waitFor(5, TimeUnit.SECONDS)) {
          holder.destroyForcibly();
        }
      } catch (IOException e) {
        holder.destroyForcibly();
      } catch (InterruptedException e) {
        holder.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String exitStatus(Process process) {
    try {
      return process.waitFor(5, TimeUnit.SECONDS)
          ? Integer.toString(process.exitValue())
          : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
