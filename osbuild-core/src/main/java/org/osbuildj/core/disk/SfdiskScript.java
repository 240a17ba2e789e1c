package org.osbuildj.core.disk;

/**
 * The input for {@code sfdisk} that writes a layout's partition table with its fixed identifiers.
 */
public final class SfdiskScript {
  private SfdiskScript() {}

  public static String render(DiskLayout layout, DiskIdentity identity) {
    boolean gpt = layout.table() == PartitionTableType.GPT;
    StringBuilder script =
        new StringBuilder()
            .append("label: ")
            .append(layout.table().sfdiskLabel())
            .append('\n')
            .append("label-id: ")
            .append(
                gpt
                    ? identity.gptDiskGuid().toString().toUpperCase()
                    : String.format("0x%08x", identity.mbrDiskId()))
            .append('\n')
            .append("unit: sectors\n\n");
    for (Partition p : layout.partitions()) {
      script
          .append("start=")
          .append(p.start())
          .append(", size=")
          .append(p.size())
          .append(", type=")
          .append(p.type());
      if (gpt) {
        script
            .append(", uuid=")
            .append(identity.gptPartitionGuid(p.number()).toString().toUpperCase())
            .append(", name=\"")
            .append(p.name())
            .append('"');
      }
      if (p.bootable()) {
        script.append(", bootable");
      }
      script.append('\n');
    }
    return script.toString();
  }
}
