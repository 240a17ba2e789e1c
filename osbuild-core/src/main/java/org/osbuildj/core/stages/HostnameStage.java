package org.osbuildj.core.stages;

import org.osbuildj.core.spi.StageContext;

/**
 * {@code org.osbuild.hostname}: sets the image's static hostname by writing it, followed by a
 * newline, to {@code /etc/hostname} (mode 0644), as systemd and Debian's init scripts read it.
 */
public final class HostnameStage extends NativeStage {
  public static final String NAME = "org.osbuild.hostname";

  public HostnameStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    String hostname = context.options().string("hostname");
    new StageFiles(context).write("/etc/hostname", hostname + "\n");
    context.log("hostname set to " + hostname);
  }
}
