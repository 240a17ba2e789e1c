package org.osbuildj.isolation.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.osbuildj.core.isolation.ProcessKiller;
import org.osbuildj.isolation.libc.LinuxCalls;

/**
 * Kills a command's process tree without letting any part of it escape.
 *
 * <p>Listing a process's children and then killing it leaves a window: {@code unshare --fork} may
 * start the pid namespace's first process just after the listing, and if its parent dies before
 * that child has armed its parent-death signal, the child lives on, orphaned. So every process of
 * the tree is stopped first, top down, with {@code SIGSTOP}: a stopped process starts nothing. The
 * walk repeats until a pass finds no child it has not stopped, and only then is each one killed.
 * Killing a pid namespace's first process kills everything inside that namespace as well.
 */
final class FreezingProcessKiller implements ProcessKiller {
  static final FreezingProcessKiller INSTANCE = new FreezingProcessKiller();

  /** How long to wait for one process to reach the stopped state before going on without it. */
  private static final long STOP_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private FreezingProcessKiller() {}

  @Override
  public void kill(Process process) {
    Set<Long> stopped = stopTree(process.toHandle());
    for (long pid : stopped) {
      LinuxCalls.kill(pid, LinuxCalls.SIGKILL);
    }
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Set<Long> stopTree(ProcessHandle top) {
    Set<Long> stopped = new LinkedHashSet<>();
    Deque<ProcessHandle> pending = new ArrayDeque<>();
    pending.add(top);
    while (!pending.isEmpty()) {
      while (!pending.isEmpty()) {
        ProcessHandle next = pending.poll();
        if (stopped.add(next.pid()) && LinuxCalls.kill(next.pid(), LinuxCalls.SIGSTOP)) {
          awaitStopped(next.pid());
          next.children().forEach(pending::add);
        }
      }
      // A fork under way when its parent was signalled completes before the parent stops: look
      // again.
      for (long pid : stopped) {
        ProcessHandle.of(pid)
            .ifPresent(
                handle ->
                    handle
                        .children()
                        .filter(child -> !stopped.contains(child.pid()))
                        .forEach(pending::add));
      }
    }
    return stopped;
  }

  /**
   * kill(2) only queues the signal; the process stops when it next leaves the kernel, so wait until
   * /proc shows it stopped, dead or gone. A process stuck in an uninterruptible call may not stop
   * in time; it is killed all the same.
   */
  private static void awaitStopped(long pid) {
    long limit = System.nanoTime() + STOP_WAIT_NANOS;
    while (!isStoppedOrGone(pid) && System.nanoTime() < limit) {
      LockSupport.parkNanos(50_000);
    }
  }

  private static boolean isStoppedOrGone(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return true;
    }
    // The state follows the command name, which is in parentheses and may itself hold any byte.
    int end = stat.lastIndexOf(')');
    if (end < 0 || end + 2 >= stat.length()) {
      return true;
    }
    char state = stat.charAt(end + 2);
    return state == 'T' || state == 't' || state == 'Z' || state == 'X';
  }
}
