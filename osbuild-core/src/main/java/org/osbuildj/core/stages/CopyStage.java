package org.osbuildj.core.stages;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.osbuildj.core.spi.StageContext;

/**
 * {@code org.osbuild.copy}, for files given inline in the manifest: each of {@code files} is
 * written at {@code path} from {@code content} (UTF-8 text) or {@code content_base64} (any bytes),
 * with {@code mode} (default 0644) and, when given, owner {@code uid}/{@code gid}; missing parent
 * directories are created with mode 0755. An existing file is replaced.
 *
 * <p>osbuild's copy stage takes files from inputs instead; copying from a host directory is not
 * supported yet.
 */
public final class CopyStage extends NativeStage {
  public static final String NAME = "org.osbuild.copy";

  public CopyStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    StageFiles files = new StageFiles(context);
    for (JsonNode file : context.options().get("files").orElseThrow()) {
      String path = file.get("path").asText();
      byte[] content =
          file.has("content_base64")
              ? Base64.getDecoder().decode(file.get("content_base64").asText())
              : file.get("content").asText().getBytes(StandardCharsets.UTF_8);
      int mode = file.has("mode") ? file.get("mode").asInt() : StageFiles.FILE_MODE;
      if (file.has("uid") || file.has("gid")) {
        files.write(path, content, mode, file.path("uid").asInt(0), file.path("gid").asInt(0));
      } else {
        files.write(path, content, mode);
      }
      context.log(
          "wrote "
              + path
              + " ("
              + content.length
              + " bytes, mode "
              + Integer.toOctalString(mode)
              + ")");
    }
  }
}
