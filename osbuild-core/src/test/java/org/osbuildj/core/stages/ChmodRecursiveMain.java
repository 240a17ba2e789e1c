package org.osbuildj.core.stages;

import java.nio.file.Path;
import org.osbuildj.core.testing.StageHarness;

/**
 * Runs {@code org.osbuild.chmod} with {@code go-w} recursively on {@code /opt/app} of the tree
 * given as argument, in a JVM of its own (started in the C locale by a test): exit status 0, or 1
 * with the failure on standard output.
 */
public final class ChmodRecursiveMain {
  private ChmodRecursiveMain() {}

  public static void main(String[] args) {
    System.out.println("sun.jnu.encoding=" + System.getProperty("sun.jnu.encoding"));
    try {
      StageHarness.of(new ChmodStage())
          .options(Stages.chmod().item("/opt/app", "go-w", true).toStage().options())
          .run(Path.of(args[0]));
    } catch (Exception e) {
      System.out.println("failed: " + e);
      System.exit(1);
    }
  }
}
