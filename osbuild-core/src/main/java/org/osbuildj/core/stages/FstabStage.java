package org.osbuildj.core.stages;

import com.fasterxml.jackson.databind.JsonNode;
import org.osbuildj.core.spi.StageContext;

/**
 * {@code org.osbuild.fstab}: replaces {@code /etc/fstab} with one line per filesystem, in the given
 * order. A filesystem is named by {@code uuid}, {@code label}, {@code partuuid} or {@code device},
 * mounted at {@code path} as {@code vfs_type} with {@code options} (default {@code defaults}),
 * {@code freq} and {@code passno} (default 0).
 */
public final class FstabStage extends NativeStage {
  public static final String NAME = "org.osbuild.fstab";

  public FstabStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    StringBuilder fstab = new StringBuilder("# written by " + NAME + "\n");
    for (JsonNode fs : context.options().get("filesystems").orElseThrow()) {
      fstab
          .append(source(fs))
          .append(' ')
          .append(fs.get("path").asText())
          .append(' ')
          .append(fs.get("vfs_type").asText())
          .append(' ')
          .append(fs.has("options") ? fs.get("options").asText() : "defaults")
          .append(' ')
          .append(fs.has("freq") ? fs.get("freq").asInt() : 0)
          .append(' ')
          .append(fs.has("passno") ? fs.get("passno").asInt() : 0)
          .append('\n');
    }
    new StageFiles(context).write("/etc/fstab", fstab.toString());
  }

  private static String source(JsonNode fs) {
    if (fs.has("uuid")) return "UUID=" + fs.get("uuid").asText();
    if (fs.has("label")) return "LABEL=" + fs.get("label").asText();
    if (fs.has("partuuid")) return "PARTUUID=" + fs.get("partuuid").asText();
    return fs.get("device").asText();
  }
}
