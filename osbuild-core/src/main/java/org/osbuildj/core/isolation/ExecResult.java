package org.osbuildj.core.isolation;

import java.util.List;

/** How a command ended: its exit status and the last lines of its output (stdout and stderr). */
public record ExecResult(Command command, int exitStatus, List<String> outputTail) {
  public ExecResult {
    outputTail = List.copyOf(outputTail);
  }

  public boolean succeeded() {
    return exitStatus == 0;
  }

  /** Returns this result if the command succeeded, else throws with its status and output. */
  public ExecResult orThrow() {
    if (!succeeded()) {
      throw new CommandFailedException(this);
    }
    return this;
  }
}
