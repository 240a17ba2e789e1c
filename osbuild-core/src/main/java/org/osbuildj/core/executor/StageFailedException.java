package org.osbuildj.core.executor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.OsbuildException;
import org.osbuildj.core.event.StepRef;

/**
 * A stage or assembler failed. Carries what a person needs to act: the step's name and id, the exit
 * status of the command that failed (if one did) and the last lines of the step's output. Every
 * stage that finished before it is kept in the store.
 */
public class StageFailedException extends OsbuildException {
  private final StepRef step;
  private final Optional<Integer> exitStatus;
  private final List<String> outputTail;
  private final Optional<Path> logFile;

  public StageFailedException(
      StepRef step,
      String reason,
      Optional<Integer> exitStatus,
      List<String> outputTail,
      Optional<Path> logFile,
      Throwable cause) {
    super(describe(step, reason, outputTail, logFile), cause);
    this.step = step;
    this.exitStatus = exitStatus;
    this.outputTail = List.copyOf(outputTail);
    this.logFile = logFile;
  }

  /** The file holding the step's whole output, when the build keeps logs. */
  public Optional<Path> logFile() {
    return logFile;
  }

  public StepRef step() {
    return step;
  }

  public Optional<Integer> exitStatus() {
    return exitStatus;
  }

  public List<String> outputTail() {
    return outputTail;
  }

  private static String describe(
      StepRef step, String reason, List<String> tail, Optional<Path> logFile) {
    StringBuilder text =
        new StringBuilder()
            .append(step.kind() == StepRef.Kind.STAGE ? "stage " : "assembler ")
            .append(step.name())
            .append(" (id ")
            .append(step.id())
            .append(", pipeline ")
            .append(step.pipeline())
            .append(") failed: ")
            .append(reason);
    if (!tail.isEmpty()) {
      text.append("\nlast lines of its output:");
      tail.forEach(line -> text.append("\n  | ").append(line));
    }
    logFile.ifPresent(file -> text.append("\nfull log: ").append(file));
    return text.toString();
  }
}
