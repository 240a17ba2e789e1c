package org.osbuildj.core.isolation;

import java.util.Objects;

/**
 * How a command ended, with what it printed on standard output kept whole, as bytes (see {@link
 * Sandbox#execCapturing}); its standard error is in the result's output tail.
 */
public record ExecOutput(ExecResult result, byte[] stdout) {
  public ExecOutput {
    Objects.requireNonNull(result, "result");
    stdout = stdout.clone();
  }

  @Override
  public byte[] stdout() {
    return stdout.clone();
  }

  /** Returns this if the command succeeded, else throws with its status and standard error. */
  public ExecOutput orThrow() {
    result.orThrow();
    return this;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExecOutput that
        && result.equals(that.result)
        && java.util.Arrays.equals(stdout, that.stdout);
  }

  @Override
  public int hashCode() {
    return 31 * result.hashCode() + java.util.Arrays.hashCode(stdout);
  }

  @Override
  public String toString() {
    return "ExecOutput[" + result + ", " + stdout.length + " bytes]";
  }
}
