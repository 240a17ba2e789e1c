package org.osbuildj.core.disk;

import java.util.Arrays;

/** How a disk image boots: the firmware it is made for, by its option value. */
public enum BootMode {
  /** BIOS (SeaBIOS, legacy boot): GRUB's boot sector and core image; MBR or GPT. */
  BIOS("bios"),
  /**
   * UEFI: a GPT with an EFI system partition holding GRUB at the removable-media fallback path
   * ({@code EFI/BOOT/BOOTX64.EFI}), which firmware runs with no boot entry in its NVRAM.
   */
  UEFI("uefi"),
  /** Both: a GPT with a BIOS boot partition for GRUB's core image and an EFI system partition. */
  HYBRID("hybrid");

  private final String optionValue;

  BootMode(String optionValue) {
    this.optionValue = optionValue;
  }

  public String optionValue() {
    return optionValue;
  }

  /** Whether the disk boots with BIOS firmware: GRUB's boot sector and core image are written. */
  public boolean bootsWithBios() {
    return this != UEFI;
  }

  /** Whether the disk boots with UEFI firmware: it has an EFI system partition. */
  public boolean bootsWithUefi() {
    return this != BIOS;
  }

  public static BootMode fromOptionValue(String value) {
    return Arrays.stream(values())
        .filter(m -> m.optionValue.equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown boot mode '" + value + "'; expected bios, uefi or hybrid"));
  }
}
