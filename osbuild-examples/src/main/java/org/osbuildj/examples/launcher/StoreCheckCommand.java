package org.osbuildj.examples.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.osbuildj.core.OsbuildException;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.check.StoreCheck;
import org.osbuildj.store.check.StoreProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osbuild store check [--repair]}: looks at every stored tree and hashes every source file
 * again. Exit status 0 when nothing is wrong (or everything wrong was repaired), 1 when problems
 * remain.
 */
@Command(
    name = "check",
    description = {
      "Verify every stored tree (its meta.json, its directory, the layers it stands on) and every"
          + " source file (against its SHA-256). Changes nothing unless --repair is given.",
      "Exit status 0 when the store is sound or was repaired, 1 when problems remain."
    })
final class StoreCheckCommand implements Callable<Integer> {
  @ParentCommand StoreCommand store;

  @Spec CommandSpec spec;

  @Option(
      names = "--repair",
      description =
          "Remove damaged trees and source files (a later build makes or fetches them again);"
              + " a tree that a running build holds is left to it.")
  boolean repair;

  @Override
  public Integer call() throws UsageException {
    // Looking at a store never makes one.
    if (store.absent()) return ExitStatus.SUCCESS;
    try (FileStore opened = store.open()) {
      StoreCheck report = opened.check(repair);
      PrintStream out = store.out();
      for (StoreProblem problem : report.problems()) {
        out.println((problem.repaired() ? "removed: " : "damaged: ") + problem);
      }
      long left = report.problemsLeft();
      out.println(
          "checked "
              + report.trees()
              + " trees and images and "
              + report.sources()
              + " source files in "
              + opened.describe()
              + ": "
              + (report.clean()
                  ? "no problems"
                  : report.problems().size()
                      + " problems, "
                      + (left == 0
                          ? "all repaired"
                          : left
                              + " left"
                              + (repair ? "" : " (store check --repair removes them)"))));
      return left == 0 ? ExitStatus.SUCCESS : ExitStatus.BUILD_FAILED;
    } catch (IOException | OsbuildException e) {
      spec.commandLine().getErr().println("osbuild: store check: " + e.getMessage());
      return ExitStatus.BUILD_FAILED;
    }
  }
}
