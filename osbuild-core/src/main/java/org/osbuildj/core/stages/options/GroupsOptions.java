package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.OptionalLong;
import org.osbuildj.core.json.Json;

/**
 * {@code org.osbuild.groups}, as an immutable value: groups to create, each with its id or with one
 * groupadd chooses.
 *
 * <pre>{@code
 * Stages.groups().withGroup("admins", 2000).withGroup("staff")
 * }</pre>
 */
public final class GroupsOptions extends StageOptions {
  private final Map<String, OptionalLong> groups;

  private GroupsOptions(String name, Map<String, OptionalLong> groups) {
    super(name);
    this.groups = groups;
  }

  /**
   * No groups yet: {@code {"groups": {}}}. Made by {@code Stages.groups()}, which gives the name.
   */
  public static GroupsOptions of(String name) {
    return new GroupsOptions(name, Map.of());
  }

  /** A group with this id; a group of the same name given before is replaced. */
  public GroupsOptions withGroup(String group, long gid) {
    return new GroupsOptions(name(), with("groups", groups, group, OptionalLong.of(gid)));
  }

  /** A group whose id groupadd chooses. */
  public GroupsOptions withGroup(String group) {
    return new GroupsOptions(name(), with("groups", groups, group, OptionalLong.empty()));
  }

  /** The same as {@link #withGroup(String, long)}. */
  public GroupsOptions group(String group, long gid) {
    return withGroup(group, gid);
  }

  /** The same as {@link #withGroup(String)}. */
  public GroupsOptions group(String group) {
    return withGroup(group);
  }

  @Override
  protected ObjectNode json() {
    ObjectNode json = Json.object();
    ObjectNode groupsJson = json.putObject("groups");
    groups.forEach(
        (group, gid) -> {
          ObjectNode entry = groupsJson.putObject(group);
          gid.ifPresent(id -> entry.put("gid", id));
        });
    return json;
  }
}
