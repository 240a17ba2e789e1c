package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.osbuildj.core.json.Json;

/**
 * {@code org.osbuild.mkdir}, as an immutable value: directories to create, in order.
 *
 * <pre>{@code
 * Stages.mkdir().addDirectory(Directory.of("/srv/data/cache").withMode(0750).withParents(true))
 * }</pre>
 */
public final class MkdirOptions extends StageOptions {
  private final List<Directory> paths;

  private MkdirOptions(String name, List<Directory> paths) {
    super(name);
    this.paths = paths;
  }

  /**
   * No directories yet: {@code {"paths": []}}. Made by {@code Stages.mkdir()}, which gives the
   * name.
   */
  public static MkdirOptions of(String name) {
    return new MkdirOptions(name, List.of());
  }

  /** These options with {@code directory} created after the others. */
  public MkdirOptions addDirectory(Directory directory) {
    return new MkdirOptions(name(), plus("paths", paths, directory));
  }

  /** A directory with every setting written. */
  public MkdirOptions path(String path, int mode, boolean parents, boolean existOk) {
    return addDirectory(
        Directory.of(path).withMode(mode).withParents(parents).withExistOk(existOk));
  }

  @Override
  protected ObjectNode json() {
    ObjectNode json = Json.object();
    ArrayNode array = json.putArray("paths");
    paths.forEach(directory -> array.add(directory.toJson()));
    return json;
  }

  /**
   * One directory: its path in the tree, and optionally its mode, whether missing parents are
   * created and whether an existing directory is accepted (null: not set; the stage's defaults are
   * 0755, false and false).
   */
  public record Directory(String path, Integer mode, Boolean parents, Boolean existOk) {
    public Directory {
      Objects.requireNonNull(path, "path");
    }

    /** The directory at this absolute path in the tree, with the stage's defaults. */
    public static Directory of(String path) {
      return new Directory(path, null, null, null);
    }

    /** Permission bits, such as {@code 0750}, applied with no umask. */
    public Directory withMode(int newMode) {
      return new Directory(path, newMode, parents, existOk);
    }

    /** Whether missing parents are created (mode 0755). */
    public Directory withParents(boolean create) {
      return new Directory(path, mode, create, existOk);
    }

    /** Whether a directory that exists is accepted (its mode is kept): {@code exist_ok}. */
    public Directory withExistOk(boolean accept) {
      return new Directory(path, mode, parents, accept);
    }

    ObjectNode toJson() {
      ObjectNode json = Json.object().put("path", path);
      put(json, "mode", mode);
      put(json, "parents", parents);
      return put(json, "exist_ok", existOk);
    }
  }
}
