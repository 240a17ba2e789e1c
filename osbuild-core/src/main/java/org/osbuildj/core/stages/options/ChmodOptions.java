package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code org.osbuild.chmod}: {@code Stages.chmod().item("/usr/local/bin/tool", "u+x", false)}. */
public final class ChmodOptions extends StageOptions {
  private final ObjectNode items = options.putObject("items");

  public ChmodOptions(String name) {
    super(name);
  }

  /** {@code mode} is octal ("0755") or symbolic ("go-w,u+x") as chmod(1) takes it. */
  public ChmodOptions item(String path, String mode, boolean recursive) {
    items.putObject(path).put("mode", mode).put("recursive", recursive);
    return this;
  }
}
