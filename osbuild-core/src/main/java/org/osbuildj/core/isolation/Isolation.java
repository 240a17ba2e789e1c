package org.osbuildj.core.isolation;

/**
 * Decides how stages run: in private namespaces chrooted into the build root (the default as root),
 * or plainly on the host (for unprivileged tests of stages that run no commands).
 *
 * <p>An isolation sets up a sandbox as the spec says, runs the work inside it on a thread whose
 * view of the filesystem is the sandbox's, and tears everything down afterwards, whether the work
 * succeeded, failed or timed out, leaving nothing mounted and no process running.
 */
public interface Isolation {

  /** A short name for logs and errors, such as "namespace" or "host". */
  String name();

  /** Whether stages are kept from the host: false for the host isolation. */
  boolean isolates();

  /**
   * Runs work in a sandbox set up as {@code spec} says.
   *
   * @throws Exception whatever the work throws, unchanged
   * @throws IsolationException if the sandbox cannot be set up
   * @throws StageTimeoutException if the spec's timeout passes first
   */
  <T> T run(SandboxSpec spec, SandboxWork<T> work) throws Exception;
}
