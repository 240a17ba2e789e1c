package org.osbuildj.core.disk;

import java.util.Arrays;

/**
 * The machine a disk image is made for, by the disk assemblers' {@code architecture} option value.
 * It decides the UEFI loader (GRUB's platform, the fallback file name) and the root partition's GPT
 * type; an arm64 disk boots with UEFI only.
 */
public enum DiskArchitecture {
  AMD64("amd64", EfiTarget.X86_64),
  ARM64("arm64", EfiTarget.ARM64);

  private final String optionValue;
  private final EfiTarget efiTarget;

  DiskArchitecture(String optionValue, EfiTarget efiTarget) {
    this.optionValue = optionValue;
    this.efiTarget = efiTarget;
  }

  public String optionValue() {
    return optionValue;
  }

  public EfiTarget efiTarget() {
    return efiTarget;
  }

  /** Whether firmware of this architecture can boot the disk in {@code mode}. */
  public boolean boots(BootMode mode) {
    return this == AMD64 || mode == BootMode.UEFI;
  }

  public static DiskArchitecture fromOptionValue(String value) {
    return Arrays.stream(values())
        .filter(a -> a.optionValue.equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "architecture: expected amd64 or arm64, got " + value));
  }
}
