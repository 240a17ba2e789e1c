package org.osbuildj.isolation.linux;

import static org.osbuildj.isolation.libc.LinuxCalls.CLONE_FS;
import static org.osbuildj.isolation.libc.LinuxCalls.CLONE_NEWIPC;
import static org.osbuildj.isolation.libc.LinuxCalls.CLONE_NEWNET;
import static org.osbuildj.isolation.libc.LinuxCalls.CLONE_NEWNS;
import static org.osbuildj.isolation.libc.LinuxCalls.CLONE_NEWUTS;
import static org.osbuildj.isolation.libc.LinuxCalls.MS_PRIVATE;
import static org.osbuildj.isolation.libc.LinuxCalls.MS_REC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.osbuildj.core.isolation.IsolationException;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.SandboxWork;
import org.osbuildj.core.isolation.StageTimeoutException;
import org.osbuildj.isolation.libc.LinuxCalls;
import org.osbuildj.isolation.libc.ThreadCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sandbox's life on a platform thread of its own: the thread leaves the JVM's mount, ipc, uts
 * (and network) namespaces, builds the root, runs the work, and takes every mount down again in
 * {@code finally}. Everything happens on that one thread, because the namespaces belong to it.
 */
final class SandboxThread<T> implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxThread.class);
  private static final AtomicLong COUNTER = new AtomicLong();

  /** How long to wait for the kernel to finish a thread that Java already reports as ended. */
  private static final Duration TASK_EXIT_LIMIT = Duration.ofSeconds(10);

  private final SandboxSpec spec;
  private final SandboxWork<T> work;
  private final SandboxRuntime runtime;
  private final SandboxLayout layout;
  private final Instant deadline;
  private volatile int tid;
  private T result;
  private Throwable failure;

  SandboxThread(
      SandboxSpec spec,
      SandboxWork<T> work,
      SandboxRuntime runtime,
      Path staging,
      Instant deadline) {
    this.spec = spec;
    this.work = work;
    this.runtime = runtime;
    this.layout = new SandboxLayout(staging);
    this.deadline = deadline;
  }

  @Override
  public void run() {
    tid = LinuxCalls.gettid();
    MountStack mounts = new MountStack();
    try {
      enterNamespaces();
      new SandboxRootBuilder(spec, layout, mounts, runtime).build();
      try (AutoCloseable loopDevices = LoopDeviceApi.open(spec, layout, mounts, runtime)) {
        NamespaceSandbox sandbox = new NamespaceSandbox(spec, layout, mounts, runtime, deadline);
        try {
          sandbox.asSandboxRoot();
          result = work.run(sandbox);
        } finally {
          sandbox.close();
          ThreadCredentials.useFileSystemIds(0);
        }
      }
    } catch (Throwable e) {
      failure = e;
    } finally {
      tearDown(mounts);
    }
  }

  private void enterNamespaces() {
    int flags =
        CLONE_NEWNS | CLONE_FS | CLONE_NEWIPC | CLONE_NEWUTS | (spec.network() ? 0 : CLONE_NEWNET);
    LinuxCalls.unshare(flags);
    // Without this, on a host whose mounts are shared (systemd's default) our mounts would
    // propagate back into the host's namespace.
    LinuxCalls.mount(null, "/", null, MS_REC | MS_PRIVATE, null);
    LinuxCalls.sethostname(NamespaceIsolation.HOSTNAME);
    if (!spec.network()) {
      LinuxCalls.bringLoopbackUp();
    }
  }

  private void tearDown(MountStack mounts) {
    try {
      mounts.unmountAll();
    } catch (IsolationException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * Runs the sandbox on a new platform thread and returns what the work returned, or throws what it
   * threw. At the deadline the thread is interrupted, which kills a running command; the caller
   * always waits until the thread has taken its mounts down and the kernel has ended it.
   */
  T runAndWait() throws Exception {
    Thread thread = new Thread(this, "sandbox-" + COUNTER.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
    boolean timedOut = false;
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        long wait = deadline == null ? 0 : Duration.between(Instant.now(), deadline).toMillis();
        if (deadline != null && wait <= 0) {
          if (!timedOut) {
            timedOut = true;
            thread.interrupt();
          }
          thread.join();
        } else {
          thread.join(Math.max(wait, 0));
        }
      } catch (InterruptedException e) {
        interrupted = true;
        thread.interrupt();
      }
    }
    awaitTaskExit();
    if (interrupted) {
      Thread.currentThread().interrupt();
      InterruptedException stop =
          new InterruptedException("interrupted while a sandbox ran; it was stopped");
      if (failure != null) {
        stop.addSuppressed(failure);
      }
      throw stop;
    }
    return outcome(timedOut);
  }

  private T outcome(boolean timedOut) throws Exception {
    if (failure == null) {
      return result;
    }
    if (timedOut && !(failure instanceof StageTimeoutException)) {
      StageTimeoutException timeout = new StageTimeoutException(spec.timeout());
      timeout.initCause(failure);
      throw timeout;
    }
    if (failure instanceof Exception exception) {
      throw exception;
    }
    throw (Error) failure;
  }

  /**
   * {@code join()} returns before the kernel has finished the thread, and until it has, the
   * thread's namespace (and whatever its mounts hold, such as a loop device) may live on.
   */
  private void awaitTaskExit() {
    Path task = Path.of("/proc/self/task", Integer.toString(tid));
    long limit = System.nanoTime() + TASK_EXIT_LIMIT.toNanos();
    while (tid != 0 && Files.exists(task)) {
      if (System.nanoTime() > limit) {
        LOG.warn(
            "the kernel still has sandbox thread {} {} s after it ended",
            tid,
            TASK_EXIT_LIMIT.toSeconds());
        return;
      }
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
    }
  }
}
