package org.osbuildj.core.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class EfiDiskLayoutTest {
  private static final long GIB_SECTORS = 2 * 1024 * 1024;
  private static final String X86_64_ROOT = "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709";
  private static final UUID ROOT = UUID.fromString("6e4ff95f-f662-45ee-a82a-bdf44a2d0b75");

  @Test
  void aUefiDiskHasTheEspFromOneMibThenTheArchitecturesRootAndNoCoreImage() {
    DiskLayout layout =
        DiskLayout.plan(
            PartitionScheme.efi(BootMode.UEFI, DataSize.ofMiB(128), EfiTarget.X86_64),
            DataSize.ofGiB(2));

    assertThat(layout.partitions())
        .containsExactly(
            new Partition(1, 2048, 262144, DiskLayout.GPT_EFI_SYSTEM, "ESP", false),
            new Partition(2, 264192, 2 * GIB_SECTORS - 2048 - 264192, X86_64_ROOT, "root", false));
    assertThat(layout.esp()).contains(layout.partitions().get(0));
    assertThat(layout.biosBoot()).isEmpty();
    assertThat(layout.coreImageCapacity()).isZero();
    assertThat(layout.boot()).isEqualTo(BootMode.UEFI);
    assertThat(layout.table()).isEqualTo(PartitionTableType.GPT);
  }

  @Test
  void aHybridDiskHasTheBiosBootPartitionThenTheEspThenTheRoot() {
    DiskLayout layout =
        DiskLayout.plan(
            PartitionScheme.efi(BootMode.HYBRID, DataSize.ofMiB(64), EfiTarget.X86_64),
            DataSize.ofGiB(2));

    assertThat(layout.partitions())
        .containsExactly(
            new Partition(1, 2048, 2048, DiskLayout.GPT_BIOS_BOOT, "BIOS boot", false),
            new Partition(2, 4096, 131072, DiskLayout.GPT_EFI_SYSTEM, "ESP", false),
            new Partition(3, 135168, 2 * GIB_SECTORS - 2048 - 135168, X86_64_ROOT, "root", false));
    assertThat(layout.coreImageStart()).isEqualTo(2048);
    assertThat(layout.coreImageCapacity()).isEqualTo(2048);
    assertThat(layout.root().end()).isLessThanOrEqualTo(2 * GIB_SECTORS - 33);
  }

  @Test
  void anArm64DiskGetsItsOwnRootType() {
    DiskLayout layout =
        DiskLayout.plan(
            PartitionScheme.efi(BootMode.UEFI, DataSize.ofMiB(128), EfiTarget.ARM64),
            DataSize.ofGiB(1));

    assertThat(layout.root().type()).isEqualTo("B921B045-1DF0-41C3-AF44-4C6F280D3FAE");
    assertThat(EfiTarget.ARM64.fallbackPath()).isEqualTo("/EFI/BOOT/BOOTAA64.EFI");
    assertThat(EfiTarget.X86_64.fallbackPath()).isEqualTo("/EFI/BOOT/BOOTX64.EFI");
    assertThat(EfiTarget.ARM64.withGrubModuleDirectory("/x/arm64-efi").grubModuleDirectory())
        .isEqualTo("/x/arm64-efi");
  }

  @Test
  void theBiosLayoutsAreThoseOfBefore() {
    for (PartitionTableType table : PartitionTableType.values()) {
      DiskLayout layout = DiskLayout.plan(table, DataSize.ofGiB(2));
      assertThat(DiskLayout.plan(PartitionScheme.bios(table), DataSize.ofGiB(2))).isEqualTo(layout);
      assertThat(layout.esp()).isEmpty();
      assertThat(layout.boot()).isEqualTo(BootMode.BIOS);
    }
  }

  @Test
  void anEspThatIsTooSmallOrNotWholeMibOrOnAnMbrIsRefused() {
    assertThatThrownBy(
            () -> PartitionScheme.efi(BootMode.UEFI, DataSize.ofMiB(32), EfiTarget.X86_64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 34M");
    assertThatThrownBy(
            () ->
                PartitionScheme.efi(
                    BootMode.UEFI, DataSize.ofKiB(65 * 1024 + 512), EfiTarget.X86_64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole number of MiB");
    assertThatThrownBy(
            () ->
                new PartitionScheme(
                    PartitionTableType.MBR, BootMode.HYBRID, 131072, DiskLayout.MBR_LINUX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs partition_table gpt");
    assertThatThrownBy(
            () -> PartitionScheme.efi(BootMode.BIOS, DataSize.ofMiB(64), EfiTarget.X86_64))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDiskTooSmallForTheEspAndARootIsRefusedWithTheSmallestSize() {
    PartitionScheme scheme =
        PartitionScheme.efi(BootMode.HYBRID, DataSize.ofMiB(64), EfiTarget.X86_64);
    assertThatThrownBy(() -> DiskLayout.plan(scheme, DataSize.ofMiB(66)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("68M");
    assertThat(DiskLayout.plan(scheme, DataSize.ofMiB(68)).root().size()).isEqualTo(2048);
  }

  @Test
  void aTreeSizedUefiDiskAddsTheEspToTheBiosGptOne() {
    Ext4Sizing.TreeUsage usage = new Ext4Sizing.TreeUsage(300L << 20, 12_000);
    TreeSizedDisk bios = TreeSizedDisk.plan(PartitionTableType.GPT, usage);
    TreeSizedDisk uefi =
        TreeSizedDisk.plan(
            PartitionScheme.efi(BootMode.HYBRID, DataSize.ofMiB(128), EfiTarget.X86_64), usage);

    assertThat(uefi.disk().bytes()).isEqualTo(bios.disk().bytes() + (128L << 20));
    assertThat(uefi.filesystem()).isEqualTo(bios.filesystem());
  }

  @Test
  void aUefiSfdiskScriptNamesTheEspAndTheRootWithDerivedGuids() {
    DiskIdentity identity = new DiskIdentity(ROOT);
    String script =
        SfdiskScript.render(
            DiskLayout.plan(
                PartitionScheme.efi(BootMode.UEFI, DataSize.ofMiB(128), EfiTarget.X86_64),
                DataSize.ofGiB(1)),
            identity);

    assertThat(script.lines())
        .containsExactly(
            "label: gpt",
            "label-id: " + identity.gptDiskGuid().toString().toUpperCase(),
            "unit: sectors",
            "",
            "start=2048, size=262144, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid="
                + identity.gptPartitionGuid(1).toString().toUpperCase()
                + ", name=\"ESP\"",
            "start=264192, size=1830912, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid="
                + identity.gptPartitionGuid(2).toString().toUpperCase()
                + ", name=\"root\"");
  }

  @Test
  void theEspSerialIsDerivedFromTheRootUuidAndNeverZero() {
    long serial = new DiskIdentity(ROOT).espSerial();

    assertThat(serial).isEqualTo(new DiskIdentity(UUID.fromString(ROOT.toString())).espSerial());
    assertThat(serial)
        .isNotEqualTo(
            new DiskIdentity(UUID.fromString("0b3a8c2e-1f40-4d55-9c6b-3f7d2e9a1c40")).espSerial());
    assertThat(serial).isBetween(1L, 0xffffffffL);
  }
}
