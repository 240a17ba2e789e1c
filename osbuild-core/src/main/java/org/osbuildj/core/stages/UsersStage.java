package org.osbuildj.core.stages;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osbuildj.core.spi.StageContext;

/**
 * {@code org.osbuild.users}: creates user accounts, or changes existing ones, with the tree's own
 * {@code useradd} and {@code usermod} run chrooted in it, as osbuild does. A new user's home is
 * created from {@code /etc/skel}; an existing user whose home is missing gets an empty one (mode
 * 0700) when {@code home} or keys are given. SSH public keys ({@code key}, {@code keys}) replace
 * {@code ~/.ssh/authorized_keys}, owned by the user, {@code ~/.ssh} mode 0700 and the file 0600 as
 * sshd's StrictModes wants.
 */
public final class UsersStage extends NativeStage {
  public static final String NAME = "org.osbuild.users";

  public UsersStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    ImageCommands commands =
        new ImageCommands(context)
            .require("/usr/sbin/useradd", NAME, "passwd")
            .require("/usr/sbin/usermod", NAME, "passwd");
    JsonNode users = context.options().get("users").orElseThrow();
    StageFiles files = new StageFiles(context);
    for (Iterator<Map.Entry<String, JsonNode>> it = users.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> user = it.next();
      String name = user.getKey();
      JsonNode options = user.getValue();
      boolean exists = AccountFiles.user(context.tree(), name).isPresent();
      List<String> flags = flags(options);
      if (!exists) {
        List<String> argv = new ArrayList<>(List.of("useradd", "--create-home"));
        argv.addAll(flags);
        argv.add(name);
        commands.run(argv);
        context.log("user " + name + " created");
      } else if (!flags.isEmpty()) {
        List<String> argv = new ArrayList<>(List.of("usermod"));
        argv.addAll(flags);
        argv.add(name);
        commands.run(argv);
        context.log("user " + name + " changed");
      }
      AccountFiles.User account =
          AccountFiles.user(context.tree(), name)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "user " + name + " is not in the tree's /etc/passwd after useradd"));
      Set<String> keys = keys(options);
      // Only a home the manifest asks for, or needs for keys: system users such as nobody have
      // homes (/nonexistent) that are meant not to exist.
      boolean wantsHome = options.has("home") || !keys.isEmpty();
      if (wantsHome && !context.tree().isDirectory(account.home())) {
        files.createDirectory(account.home(), 0700, account.uid(), account.gid());
      }
      if (!keys.isEmpty()) {
        writeKeys(files, account, keys);
      }
    }
    commands.clampTimes();
  }

  private static List<String> flags(JsonNode user) {
    List<String> flags = new ArrayList<>();
    if (user.has("uid")) flags.addAll(List.of("--uid", user.get("uid").asText()));
    if (user.has("gid")) flags.addAll(List.of("--gid", user.get("gid").asText()));
    if (user.has("groups")) {
      List<String> groups = new ArrayList<>();
      user.get("groups").forEach(group -> groups.add(group.asText()));
      flags.addAll(List.of("--groups", String.join(",", groups)));
    }
    if (user.has("description"))
      flags.addAll(List.of("--comment", user.get("description").asText()));
    if (user.has("home")) flags.addAll(List.of("--home-dir", user.get("home").asText()));
    if (user.has("shell")) flags.addAll(List.of("--shell", user.get("shell").asText()));
    if (user.has("password")) flags.addAll(List.of("--password", user.get("password").asText()));
    if (user.has("expiredate"))
      flags.addAll(List.of("--expiredate", user.get("expiredate").asText()));
    return flags;
  }

  private static Set<String> keys(JsonNode user) {
    Set<String> keys = new LinkedHashSet<>();
    if (user.has("key")) keys.add(user.get("key").asText());
    if (user.has("keys")) user.get("keys").forEach(key -> keys.add(key.asText()));
    return keys;
  }

  private static void writeKeys(StageFiles files, AccountFiles.User account, Set<String> keys)
      throws Exception {
    String ssh = (account.home().endsWith("/") ? account.home() : account.home() + "/") + ".ssh";
    if (!files.tree().isDirectory(ssh)) {
      files.createDirectory(ssh, 0700, account.uid(), account.gid());
    }
    String text = String.join("\n", keys) + "\n";
    files.write(
        ssh + "/authorized_keys",
        text.getBytes(StandardCharsets.UTF_8),
        0600,
        account.uid(),
        account.gid());
  }
}
