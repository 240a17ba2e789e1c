package org.osbuildj.core.disk;

import java.util.Arrays;
import java.util.Optional;

/** The file format of a disk image, as {@code qemu-img} names it. */
public enum ImageFormat {
  RAW("raw"),
  QCOW2("qcow2"),
  VMDK("vmdk"),
  VDI("vdi"),
  /** Microsoft's VHD, which qemu-img calls vpc. */
  VPC("vpc");

  private final String optionValue;

  ImageFormat(String optionValue) {
    this.optionValue = optionValue;
  }

  public String optionValue() {
    return optionValue;
  }

  /**
   * The extra {@code qemu-img convert -o} options; a fixed subformat keeps VHD predictable for
   * Azure and Hyper-V.
   */
  public Optional<String> convertOptions() {
    return this == VPC ? Optional.of("subformat=fixed,force_size=on") : Optional.empty();
  }

  public static ImageFormat fromOptionValue(String value) {
    return Arrays.stream(values())
        .filter(f -> f.optionValue.equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown image format '"
                        + value
                        + "'; expected one of raw, qcow2, vmdk, vdi, vpc"));
  }
}
