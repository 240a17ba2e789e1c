package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code org.osbuild.groups}: {@code Stages.groups().group("admins", 2000)}. */
public final class GroupsOptions extends StageOptions {
  private final ObjectNode groups = options.putObject("groups");

  public GroupsOptions(String name) {
    super(name);
  }

  public GroupsOptions group(String name, int gid) {
    groups.putObject(name).put("gid", gid);
    return this;
  }

  /** A group whose id groupadd chooses. */
  public GroupsOptions group(String name) {
    groups.putObject(name);
    return this;
  }
}
