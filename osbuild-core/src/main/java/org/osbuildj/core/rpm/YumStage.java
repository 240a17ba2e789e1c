package org.osbuildj.core.rpm;

/**
 * {@code org.osbuild.yum}: the seed's yum stage, whose options are dnf's: it runs through dnf
 * (Debian ships no yum, and dnf reads yum's repository settings as they are).
 */
public final class YumStage extends DnfStage {
  public static final String NAME = "org.osbuild.yum";

  public YumStage() {
    super(NAME);
  }
}
