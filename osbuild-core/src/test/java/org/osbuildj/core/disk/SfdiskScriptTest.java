package org.osbuildj.core.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class SfdiskScriptTest {
  private static final UUID ROOT = UUID.fromString("6e4ff95f-f662-45ee-a82a-bdf44a2d0b75");
  private static final UUID OTHER = UUID.fromString("0b3a8c2e-1f40-4d55-9c6b-3f7d2e9a1c40");

  @Test
  void anMbrScriptHasTheDerivedDiskIdAndAnActiveLinuxPartition() {
    DiskIdentity identity = new DiskIdentity(ROOT);
    String script =
        SfdiskScript.render(DiskLayout.plan(PartitionTableType.MBR, DataSize.ofGiB(1)), identity);

    assertThat(script)
        .isEqualTo(
            "label: dos\nlabel-id: "
                + String.format("0x%08x", identity.mbrDiskId())
                + "\nunit: sectors\n\nstart=2048, size=2095104, type=83, bootable\n");
  }

  @Test
  void aGptScriptNamesEveryGuidDerivedFromTheRootUuid() {
    DiskIdentity identity = new DiskIdentity(ROOT);
    String script =
        SfdiskScript.render(DiskLayout.plan(PartitionTableType.GPT, DataSize.ofGiB(1)), identity);

    assertThat(script.lines())
        .containsExactly(
            "label: gpt",
            "label-id: " + identity.gptDiskGuid().toString().toUpperCase(),
            "unit: sectors",
            "",
            "start=2048, size=2048, type=21686148-6449-6E6F-744E-656564454649, uuid="
                + identity.gptPartitionGuid(1).toString().toUpperCase()
                + ", name=\"BIOS boot\"",
            "start=4096, size=2091008, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid="
                + identity.gptPartitionGuid(2).toString().toUpperCase()
                + ", name=\"root\"");
  }

  @Test
  void identifiersAreStableForOneRootUuidAndDifferForAnother() {
    DiskIdentity one = new DiskIdentity(ROOT);
    DiskIdentity again = new DiskIdentity(UUID.fromString(ROOT.toString()));
    DiskIdentity other = new DiskIdentity(OTHER);

    assertThat(again.mbrDiskId()).isEqualTo(one.mbrDiskId());
    assertThat(again.gptDiskGuid()).isEqualTo(one.gptDiskGuid());
    assertThat(other.mbrDiskId()).isNotEqualTo(one.mbrDiskId());
    assertThat(other.gptDiskGuid()).isNotEqualTo(one.gptDiskGuid());
    assertThat(other.ext4HashSeed()).isNotEqualTo(one.ext4HashSeed());
    assertThat(
            java.util.Set.of(
                one.gptDiskGuid(),
                one.gptPartitionGuid(1),
                one.gptPartitionGuid(2),
                one.ext4HashSeed(),
                ROOT))
        .hasSize(5);
    assertThat(one.mbrDiskId()).isBetween(1L, 0xffffffffL);
  }

  @Test
  void derivedUuidsFollowRfc4122VersionFive() {
    // The example of Python's uuid module: uuid5(NAMESPACE_DNS, "python.org").
    UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    assertThat(NameBasedUuid.v5(dns, "python.org"))
        .hasToString("886313e1-3b8a-5372-9b90-0c9aee199e5d");
  }
}
