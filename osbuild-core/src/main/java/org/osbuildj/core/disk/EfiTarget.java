package org.osbuildj.core.disk;

import java.util.List;
import java.util.Objects;

/**
 * What a UEFI disk depends on for one machine architecture: the GRUB platform that builds its EFI
 * loader, where the build root keeps that platform's modules, the file name firmware looks for at
 * the removable-media fallback path, the root partition's GPT type (the Discoverable Partitions
 * Specification's, per architecture), and the serial console the platform's first UART is.
 *
 * <pre>{@code
 * EfiTarget amd64 = EfiTarget.X86_64;
 * EfiTarget arm64 = EfiTarget.ARM64.withGrubModuleDirectory("/var/tmp/grub-arm64/usr/lib/grub/arm64-efi");
 * }</pre>
 *
 * @param grubPlatform grub-mkimage's {@code -O}, such as {@code x86_64-efi}
 * @param grubModuleDirectory grub-mkimage's {@code -d}: the platform's modules in the build root
 * @param grubPackage the Debian package that provides that directory
 * @param fallbackLoader the loader's file name in the ESP's {@code EFI/BOOT}, such as {@code
 *     BOOTX64.EFI}
 * @param rootPartitionType the GPT type GUID of this architecture's root partition
 * @param serialConsole the kernel's name for the first serial port ({@code ttyS0}, {@code ttyAMA0})
 * @param platformModules GRUB modules only this platform has (video drivers), added to the common
 *     ones
 * @param signedShim where Debian's signed shim is in a tree that has {@code shim-signed}
 * @param signedGrub where Debian's signed GRUB is in a tree that has the signed GRUB package
 * @param signedGrubName the name shim loads GRUB by, from its own directory ({@code grubx64.efi})
 */
public record EfiTarget(
    String grubPlatform,
    String grubModuleDirectory,
    String grubPackage,
    String fallbackLoader,
    String rootPartitionType,
    String serialConsole,
    List<String> platformModules,
    String signedShim,
    String signedGrub,
    String signedGrubName) {

  /** x86-64 (amd64): Debian's grub-efi-amd64-bin, OVMF's fallback BOOTX64.EFI. */
  public static final EfiTarget X86_64 =
      new EfiTarget(
          "x86_64-efi",
          "/usr/lib/grub/x86_64-efi",
          "grub-efi-amd64-bin",
          "BOOTX64.EFI",
          "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709",
          "ttyS0",
          List.of("efi_gop", "efi_uga"),
          "/usr/lib/shim/shimx64.efi.signed",
          "/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed",
          "grubx64.efi");

  /**
   * arm64 (aarch64): Debian's grub-efi-arm64-bin (an arm64 package: on an amd64 host its files are
   * unpacked elsewhere, hence {@link #withGrubModuleDirectory}), AAVMF's fallback BOOTAA64.EFI.
   */
  public static final EfiTarget ARM64 =
      new EfiTarget(
          "arm64-efi",
          "/usr/lib/grub/arm64-efi",
          "grub-efi-arm64-bin",
          "BOOTAA64.EFI",
          "B921B045-1DF0-41C3-AF44-4C6F280D3FAE",
          "ttyAMA0",
          List.of("efi_gop"),
          "/usr/lib/shim/shimaa64.efi.signed",
          "/usr/lib/grub/arm64-efi-signed/grubaa64.efi.signed",
          "grubaa64.efi");

  public EfiTarget {
    Objects.requireNonNull(grubPlatform, "grubPlatform");
    Objects.requireNonNull(grubModuleDirectory, "grubModuleDirectory");
    Objects.requireNonNull(grubPackage, "grubPackage");
    Objects.requireNonNull(fallbackLoader, "fallbackLoader");
    Objects.requireNonNull(rootPartitionType, "rootPartitionType");
    Objects.requireNonNull(serialConsole, "serialConsole");
    platformModules = List.copyOf(platformModules);
    Objects.requireNonNull(signedShim, "signedShim");
    Objects.requireNonNull(signedGrub, "signedGrub");
    Objects.requireNonNull(signedGrubName, "signedGrubName");
  }

  /** The same target with its GRUB modules found elsewhere in the build root. */
  public EfiTarget withGrubModuleDirectory(String directory) {
    return new EfiTarget(
        grubPlatform,
        directory,
        grubPackage,
        fallbackLoader,
        rootPartitionType,
        serialConsole,
        platformModules,
        signedShim,
        signedGrub,
        signedGrubName);
  }

  /**
   * Where Debian's signed GRUB reads its configuration: its prefix is fixed at build time to this
   * directory of the disk it was loaded from.
   */
  public static final String SIGNED_GRUB_CONFIG = "/EFI/debian/grub.cfg";

  /** The loader's path in the ESP, such as {@code /EFI/BOOT/BOOTX64.EFI}. */
  public String fallbackPath() {
    return "/EFI/BOOT/" + fallbackLoader;
  }
}
