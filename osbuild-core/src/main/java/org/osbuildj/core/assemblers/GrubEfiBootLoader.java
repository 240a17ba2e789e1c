package org.osbuildj.core.assemblers;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.osbuildj.core.disk.EfiTarget;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.Sandbox;

/**
 * Makes GRUB's EFI loader for a disk: one PE file built by the build root's {@code grub-mkimage}
 * for the target's platform, with the modules to read the root filesystem and run its {@code
 * /boot/grub/grub.cfg} built in (the tree holds no GRUB modules), and an early config that finds
 * the root by UUID, as the BIOS core image does. Placed at the ESP's fallback path, firmware runs
 * it with no boot entry in NVRAM. grub-mkimage's output is byte-identical between runs (unlike
 * grub-mkstandalone's, which also embeds a memdisk of every module: 9 MB and not reproducible).
 */
final class GrubEfiBootLoader {
  /**
   * The modules a Debian grub.cfg uses, as {@link GrubBiosBootLoader#MODULES} without the BIOS disk
   * driver and with FAT, so that GRUB can also read the ESP. The target adds its video drivers.
   */
  static final List<String> COMMON_MODULES = commonModules();

  private static List<String> commonModules() {
    List<String> modules = new ArrayList<>(GrubBiosBootLoader.MODULES);
    modules.remove("biosdisk");
    modules.add(modules.indexOf("part_gpt") + 1, "fat");
    return List.copyOf(modules);
  }

  private GrubEfiBootLoader() {}

  static List<String> modules(EfiTarget target) {
    List<String> modules = new ArrayList<>(COMMON_MODULES);
    modules.addAll(target.platformModules());
    return modules;
  }

  static List<String> mkimageArguments(EfiTarget target, String loaderInRoot, String configInRoot) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "grub-mkimage",
                "-O",
                target.grubPlatform(),
                "-d",
                target.grubModuleDirectory(),
                "-o",
                loaderInRoot,
                "-c",
                configInRoot,
                "-p",
                "/boot/grub"));
    argv.addAll(modules(target));
    return argv;
  }

  /**
   * Makes the loader in the build root as the scratch directory's file {@code name}.
   *
   * @return its bytes' length
   */
  static long build(
      Sandbox sandbox, EfiTarget target, UUID rootFsUuid, ScratchDirectory scratch, String name)
      throws Exception {
    Files.writeString(
        scratch.file("grub-efi-early.cfg"), GrubBiosBootLoader.earlyConfig(rootFsUuid));
    sandbox
        .exec(
            Command.of(
                mkimageArguments(
                    target, scratch.fileInRoot(name), scratch.fileInRoot("grub-efi-early.cfg"))))
        .orThrow();
    return Files.size(scratch.file(name));
  }
}
