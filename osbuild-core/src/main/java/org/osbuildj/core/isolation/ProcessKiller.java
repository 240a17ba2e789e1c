package org.osbuildj.core.isolation;

/**
 * Kills a command's process and everything it started, when its time limit passes or its caller is
 * interrupted. Isolations that can signal processes directly supply a killer that closes the race
 * between listing a process's children and the process starting another one.
 */
@FunctionalInterface
public interface ProcessKiller {
  /** Kills {@code process} with its descendants and waits a little for it to be gone. */
  void kill(Process process);

  /**
   * Kills the descendants the process has at that moment, then the process: what plain Java can do.
   */
  ProcessKiller DESCENDANTS_THEN_PROCESS = ProcessRunner::kill;
}
