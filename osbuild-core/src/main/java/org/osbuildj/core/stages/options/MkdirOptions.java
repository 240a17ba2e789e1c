package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ArrayNode;

/** {@code org.osbuild.mkdir}: {@code Stages.mkdir().path("/srv/data", 0750, true, false)}. */
public final class MkdirOptions extends StageOptions {
  private final ArrayNode paths = options.putArray("paths");

  public MkdirOptions(String name) {
    super(name);
  }

  public MkdirOptions path(String path, int mode, boolean parents, boolean existOk) {
    paths.addObject().put("path", path).put("mode", mode).put("parents", parents).put("exist_ok", existOk);
    return this;
  }
}
