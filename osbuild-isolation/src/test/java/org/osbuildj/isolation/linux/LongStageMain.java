package org.osbuildj.isolation.linux;

import java.nio.file.Path;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.isolation.loop.LoopDevice;

/**
 * A JVM that holds a loop device and runs a stage that sleeps for a long time, for a test to kill
 * with SIGKILL. Arguments: the sleep's duration (which marks the stage's processes), a file for the
 * loop device, a tree directory. Prints the loop device, then the stage's output.
 */
public final class LongStageMain {
  private LongStageMain() {}

  public static void main(String[] args) throws Exception {
    String sleep = args[0];
    LoopDevice loop = LoopDevice.attach(Path.of(args[1]));
    System.out.println("loop " + loop.number());
    SandboxSpec spec =
        SandboxSpec.forStage(new TreeMount.Directory(Path.of(args[2])), System.out::println);
    NamespaceIsolation.create()
        .run(
            spec,
            sandbox ->
                sandbox.exec(
                    Command.of(
                        "/bin/sh", "-c", "sleep " + sleep + " & echo running; sleep " + sleep)));
    System.out.println("the stage ended, which it should not have");
    loop.close();
  }
}
