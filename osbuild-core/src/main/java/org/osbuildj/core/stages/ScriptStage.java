package org.osbuildj.core.stages;

import java.nio.charset.StandardCharsets;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.tree.Tree;

/**
 * {@code org.osbuild.script}: runs a script chrooted in the tree, as osbuild's seed did: the script
 * is put in the tree for the run only, and run by its {@code #!} line, or by {@code /bin/sh} when
 * it has none. A non-zero exit fails the stage with the script's output.
 */
public final class ScriptStage extends NativeStage {
  public static final String NAME = "org.osbuild.script";
  private static final String SCRIPT = "/tmp/.osbuild-script";

  public ScriptStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    String script = context.options().string("script");
    Tree tree = context.tree();
    ImageCommands commands = new ImageCommands(context);
    boolean madeTmp = !tree.isDirectory("/tmp");
    if (madeTmp) {
      tree.createDirectories("/tmp", 01777);
      tree.setPermissions("/tmp", 01777);
    }
    try {
      tree.writeBytes(SCRIPT, script.getBytes(StandardCharsets.UTF_8), 0700);
      if (script.startsWith("#!")) {
        commands.run(SCRIPT);
      } else {
        commands.run("/bin/sh", SCRIPT);
      }
    } finally {
      tree.delete(SCRIPT);
      if (madeTmp) {
        tree.delete("/tmp");
      }
    }
    commands.clampTimes();
  }
}
