package org.osbuildj.core.stages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.host.ToolMissingException;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.ExecResult;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.tree.TreeTimes;

/**
 * Runs the image's own programs chrooted in the tree, for stages whose work belongs to the image
 * (useradd, systemctl, locale-gen): with {@code SOURCE_DATE_EPOCH} passed on, and afterwards the
 * tree's times clamped to it, since those programs stamp what they write with the time of the
 * build.
 */
final class ImageCommands {
  private final StageContext context;

  ImageCommands(StageContext context) {
    this.context = context;
  }

  /** Fails, naming the stage and what is missing, unless the tree has {@code program}. */
  ImageCommands require(String program, String stage, String packageName) throws IOException {
    if (!context.tree().isRegularFile(program)) {
      throw ToolMissingException.inTree(stage, List.of(HostTool.of(program, packageName)));
    }
    return this;
  }

  /** Runs {@code argv} chrooted in the tree; a non-zero exit fails the stage with its output. */
  ExecResult run(List<String> argv) throws IOException, InterruptedException {
    return context.sandbox().execInTree(command(argv)).orThrow();
  }

  ExecResult run(String... argv) throws IOException, InterruptedException {
    return run(List.of(argv));
  }

  /** Runs {@code argv} chrooted in the tree and returns however it ended. */
  ExecResult tryRun(List<String> argv) throws IOException, InterruptedException {
    return context.sandbox().execInTree(command(argv));
  }

  private Command command(List<String> argv) {
    Command command = Command.of(new ArrayList<>(argv)).withEnvironment("LC_ALL", "C.UTF-8");
    if (context.sourceDateEpoch().isPresent()) {
      command =
          command.withEnvironment(
              "SOURCE_DATE_EPOCH", Long.toString(context.sourceDateEpoch().get().getEpochSecond()));
    }
    return command;
  }

  /**
   * Clamps the tree's times to {@code SOURCE_DATE_EPOCH}, when it is set; call after the last
   * command.
   */
  void clampTimes() throws IOException {
    if (context.sourceDateEpoch().isPresent()) {
      TreeTimes.clamp(context.tree(), context.sourceDateEpoch().get());
    }
  }
}
