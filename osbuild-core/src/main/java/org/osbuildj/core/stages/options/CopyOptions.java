package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/** {@code org.osbuild.copy}: {@code Stages.copy().text("/etc/motd", "hello\n", 0644)}. */
public final class CopyOptions extends StageOptions {
  private final ArrayNode files = options.putArray("files");

  public CopyOptions(String name) {
    super(name);
  }

  public CopyOptions text(String path, String content, int mode) {
    files.addObject().put("path", path).put("content", content).put("mode", mode);
    return this;
  }

  public CopyOptions bytes(String path, byte[] content, int mode) {
    files.addObject().put("path", path).put("content_base64", Base64.getEncoder().encodeToString(content)).put("mode", mode);
    return this;
  }

  /** A text file with an owner other than root. */
  public CopyOptions text(String path, String content, int mode, int uid, int gid) {
    ObjectNode file = files.addObject().put("path", path).put("content", content).put("mode", mode);
    file.put("uid", uid).put("gid", gid);
    return this;
  }
}
