package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.osbuildj.core.json.Json;

/**
 * {@code org.osbuild.users}, as an immutable value: user accounts to create or change, by name.
 *
 * <pre>{@code
 * Stages.users()
 *     .withUser("root", User.defaults().withPassword(hash))
 *     .user("alice", u -> u.withUid(1000).withGroups("sudo").withKey(sshKey))
 * }</pre>
 */
public final class UsersOptions extends StageOptions {
  private final Map<String, User> users;

  private UsersOptions(String name, Map<String, User> users) {
    super(name);
    this.users = users;
  }

  /** No users yet: {@code {"users": {}}}. Made by {@code Stages.users()}, which gives the name. */
  public static UsersOptions of(String name) {
    return new UsersOptions(name, Map.of());
  }

  /**
   * The user {@code user} with these settings; a user of the same name given before is replaced.
   */
  public UsersOptions withUser(String user, User settings) {
    return new UsersOptions(name(), with("users", users, user, settings));
  }

  /** The user {@code user} with the settings {@code settings} makes of {@link User#defaults()}. */
  public UsersOptions user(String user, UnaryOperator<User> settings) {
    return withUser(user, settings.apply(User.defaults()));
  }

  @Override
  protected ObjectNode json() {
    ObjectNode json = Json.object();
    ObjectNode usersJson = json.putObject("users");
    users.forEach((user, settings) -> usersJson.set(user, settings.toJson()));
    return json;
  }

  /**
   * One user's settings, each null when not set (the tool's default, or what an existing user has).
   * Ids and the expiry date are numbers up to 4294967294; {@code expiredate} counts days since
   * 1970-01-01; {@code password} is a crypt(3) hash, never plain text.
   */
  public record User(
      Long uid,
      Long gid,
      List<String> groups,
      String description,
      String home,
      String shell,
      String password,
      String key,
      List<String> keys,
      Long expiredate) {
    public User {
      groups = groups == null ? null : List.copyOf(groups);
      keys = keys == null ? null : List.copyOf(keys);
    }

    /** No setting made. */
    public static User defaults() {
      return new User(null, null, null, null, null, null, null, null, null, null);
    }

    /** The user's id. */
    public User withUid(long id) {
      return new User(id, gid, groups, description, home, shell, password, key, keys, expiredate);
    }

    /** The id of the primary group, which must exist. */
    public User withGid(long id) {
      return new User(uid, id, groups, description, home, shell, password, key, keys, expiredate);
    }

    /** Supplementary groups, which must exist; they replace the user's list. */
    public User withGroups(String... names) {
      return new User(
          uid,
          gid,
          listOf("groups", names),
          description,
          home,
          shell,
          password,
          key,
          keys,
          expiredate);
    }

    /** The GECOS field, such as the full name. */
    public User withDescription(String text) {
      return new User(
          uid,
          gid,
          groups,
          need(text, "description"),
          home,
          shell,
          password,
          key,
          keys,
          expiredate);
    }

    /** The home directory, created when missing. */
    public User withHome(String path) {
      return new User(
          uid,
          gid,
          groups,
          description,
          need(path, "home"),
          shell,
          password,
          key,
          keys,
          expiredate);
    }

    /** The login shell. */
    public User withShell(String path) {
      return new User(
          uid,
          gid,
          groups,
          description,
          home,
          need(path, "shell"),
          password,
          key,
          keys,
          expiredate);
    }

    /** A password hashed as crypt(3) does ({@code "$y$..."}), never plain text. */
    public User withPassword(String cryptHash) {
      return new User(
          uid,
          gid,
          groups,
          description,
          home,
          shell,
          need(cryptHash, "password"),
          key,
          keys,
          expiredate);
    }

    /** An SSH public key for ~/.ssh/authorized_keys. */
    public User withKey(String sshPublicKey) {
      return new User(
          uid,
          gid,
          groups,
          description,
          home,
          shell,
          password,
          need(sshPublicKey, "key"),
          keys,
          expiredate);
    }

    /** More SSH public keys: {@code keys}. */
    public User withKeys(String... sshPublicKeys) {
      return new User(
          uid,
          gid,
          groups,
          description,
          home,
          shell,
          password,
          key,
          listOf("keys", sshPublicKeys),
          expiredate);
    }

    /** The day, counted from 1970-01-01, on which the account is disabled. */
    public User withExpiredate(long days) {
      return new User(uid, gid, groups, description, home, shell, password, key, keys, days);
    }

    /** The same as {@link #withUid(long)}. */
    public User uid(long id) {
      return withUid(id);
    }

    /** The same as {@link #withGid(long)}. */
    public User gid(long id) {
      return withGid(id);
    }

    /** The same as {@link #withGroups(String...)}. */
    public User groups(String... names) {
      return withGroups(names);
    }

    /** The same as {@link #withDescription(String)}. */
    public User description(String text) {
      return withDescription(text);
    }

    /** The same as {@link #withHome(String)}. */
    public User home(String path) {
      return withHome(path);
    }

    /** The same as {@link #withShell(String)}. */
    public User shell(String path) {
      return withShell(path);
    }

    /** The same as {@link #withPassword(String)}. */
    public User password(String cryptHash) {
      return withPassword(cryptHash);
    }

    /** The same as {@link #withKey(String)}. */
    public User key(String sshPublicKey) {
      return withKey(sshPublicKey);
    }

    private static String need(String value, String setting) {
      return Objects.requireNonNull(value, setting);
    }

    ObjectNode toJson() {
      ObjectNode json = Json.object();
      put(json, "uid", uid);
      put(json, "gid", gid);
      put(json, "groups", groups);
      put(json, "description", description);
      put(json, "home", home);
      put(json, "shell", shell);
      put(json, "password", password);
      put(json, "key", key);
      put(json, "keys", keys);
      return put(json, "expiredate", expiredate);
    }
  }
}
