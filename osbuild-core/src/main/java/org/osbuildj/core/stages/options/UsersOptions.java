package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osbuildj.core.json.Json;

/**
 * {@code org.osbuild.users}: {@code Stages.users().user("alice", u -> u.uid(1000).groups("sudo").key(key))}.
 */
public final class UsersOptions extends StageOptions {
  private final ObjectNode users = options.putObject("users");

  public UsersOptions(String name) {
    super(name);
  }

  public UsersOptions user(String name, java.util.function.Consumer<User> settings) {
    User user = new User();
    settings.accept(user);
    users.set(name, user.json);
    return this;
  }

  /** One user's settings; each is left as the tool's default when not set. */
  public static final class User {
    private final ObjectNode json = Json.object();

    public User uid(int uid) { json.put("uid", uid); return this; }
    public User gid(int gid) { json.put("gid", gid); return this; }
    public User groups(String... groups) { var a = json.putArray("groups"); for (String g : groups) a.add(g); return this; }
    public User description(String text) { json.put("description", text); return this; }
    public User home(String path) { json.put("home", path); return this; }
    public User shell(String path) { json.put("shell", path); return this; }
    /** A password hashed as crypt(3) does, never plain text. */
    public User password(String cryptHash) { json.put("password", cryptHash); return this; }
    public User key(String sshPublicKey) { json.put("key", sshPublicKey); return this; }
  }
}
