package org.osbuildj.core.stages;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osbuildj.core.spi.StageContext;

/**
 * {@code org.osbuild.groups}: creates groups with the tree's own {@code groupadd}, chrooted in it.
 * A group that exists keeps its members; if a different {@code gid} is asked for, it is changed
 * with {@code groupmod}.
 */
public final class GroupsStage extends NativeStage {
  public static final String NAME = "org.osbuild.groups";

  public GroupsStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    ImageCommands commands =
        new ImageCommands(context).require("/usr/sbin/groupadd", NAME, "passwd");
    JsonNode groups = context.options().get("groups").orElseThrow();
    for (Iterator<Map.Entry<String, JsonNode>> it = groups.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> group = it.next();
      String name = group.getKey();
      Optional<Integer> gid =
          group.getValue().has("gid")
              ? Optional.of(group.getValue().get("gid").asInt())
              : Optional.empty();
      Optional<Integer> existing = AccountFiles.groupId(context.tree(), name);
      if (existing.isEmpty()) {
        List<String> argv = new ArrayList<>(List.of("groupadd"));
        gid.ifPresent(id -> argv.addAll(List.of("--gid", id.toString())));
        argv.add(name);
        commands.run(argv);
        context.log("group " + name + " created");
      } else if (gid.isPresent() && !gid.equals(existing)) {
        commands.run("groupmod", "--gid", gid.get().toString(), name);
        context.log("group " + name + " now has gid " + gid.get());
      }
    }
    commands.clampTimes();
  }
}
