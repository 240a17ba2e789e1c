package org.osbuildj.core.disk;

import java.util.Arrays;

/** The partition table of a disk image, by its option value. */
public enum PartitionTableType {
  /** A DOS/MBR table: GRUB's core image fits in the gap before the first partition. */
  MBR("mbr", "dos"),
  /** A GUID partition table: GRUB's core image lives in a BIOS boot partition. */
  GPT("gpt", "gpt");

  private final String optionValue;
  private final String sfdiskLabel;

  PartitionTableType(String optionValue, String sfdiskLabel) {
    this.optionValue = optionValue;
    this.sfdiskLabel = sfdiskLabel;
  }

  public String optionValue() {
    return optionValue;
  }

  /** The {@code label:} sfdisk's scripts use for this table. */
  String sfdiskLabel() {
    return sfdiskLabel;
  }

  public static PartitionTableType fromOptionValue(String value) {
    return Arrays.stream(values())
        .filter(t -> t.optionValue.equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown partition table '" + value + "'; expected mbr or gpt"));
  }
}
