package org.osbuildj.core.stages;

import java.util.ArrayList;
import java.util.List;
import org.osbuildj.core.spi.StageContext;

/**
 * {@code org.osbuild.systemd}: enables, disables and masks units and sets the default target with
 * the tree's own {@code systemctl}, chrooted in it (where it edits unit links offline, as it does
 * in any chroot), in that order, as osbuild does.
 */
public final class SystemdStage extends NativeStage {
  public static final String NAME = "org.osbuild.systemd";

  public SystemdStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    ImageCommands commands =
        new ImageCommands(context).require("/usr/bin/systemctl", NAME, "systemd");
    systemctl(commands, "enable", context.options().strings("enabled_services"));
    systemctl(commands, "disable", context.options().strings("disabled_services"));
    systemctl(commands, "mask", context.options().strings("masked_services"));
    if (context.options().has("default_target")) {
      commands.run("systemctl", "set-default", context.options().string("default_target"));
    }
    commands.clampTimes();
  }

  private static void systemctl(ImageCommands commands, String verb, List<String> units)
      throws Exception {
    if (units.isEmpty()) {
      return;
    }
    List<String> argv = new ArrayList<>(List.of("systemctl", verb));
    argv.addAll(units);
    commands.run(argv);
  }
}
