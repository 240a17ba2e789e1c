package org.osbuildj.core.isolation;

import org.osbuildj.core.OsbuildException;

/** A command run in a sandbox exited with a non-zero status. */
public class CommandFailedException extends OsbuildException {
  private final transient ExecResult result;

  public CommandFailedException(ExecResult result) {
    super(
        "command failed with exit status "
            + result.exitStatus()
            + ": "
            + result.command().display()
            + (result.outputTail().isEmpty()
                ? ""
                : "\n  " + String.join("\n  ", result.outputTail())));
    this.result = result;
  }

  public ExecResult result() {
    return result;
  }
}
