package org.osbuildj.core.stages;

import org.osbuildj.core.spi.StageContext;

/**
 * {@code org.osbuild.timezone}: sets the image's time zone the way osbuild does, with {@code
 * /etc/localtime} a relative symbolic link to {@code ../usr/share/zoneinfo/<zone>}, and the way
 * Debian's tzdata expects too, with the zone's name in {@code /etc/timezone}.
 *
 * <p>A zone the tree has no zoneinfo file for is still set (tzdata may come later) but logged.
 */
public final class TimezoneStage extends NativeStage {
  public static final String NAME = "org.osbuild.timezone";

  public TimezoneStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    String zone = context.options().string("zone");
    String zoneFile = "/usr/share/zoneinfo/" + zone;
    if (!context.tree().isRegularFile(zoneFile)) {
      context.log(
          "warning: the tree has no "
              + zoneFile
              + " (is tzdata installed?); "
              + "/etc/localtime will dangle until it has");
    }
    StageFiles files = new StageFiles(context);
    files.replaceWithSymlink("/etc/localtime", "../usr/share/zoneinfo/" + zone);
    files.write("/etc/timezone", zone + "\n");
    context.log("time zone set to " + zone);
  }
}
