package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.osbuildj.core.json.Json;

/**
 * {@code org.osbuild.copy}, as an immutable value: files given inline, written in order.
 *
 * <pre>{@code
 * Stages.copy()
 *     .addFile(InlineFile.text("/etc/motd", "hello\n"))
 *     .addFile(InlineFile.bytes("/usr/local/bin/tool", script).withMode(0755).withOwner(1000, 1000))
 * }</pre>
 */
public final class CopyOptions extends StageOptions {
  private final List<InlineFile> files;

  private CopyOptions(String name, List<InlineFile> files) {
    super(name);
    this.files = files;
  }

  /** No files yet: {@code {"files": []}}. Made by {@code Stages.copy()}, which gives the name. */
  public static CopyOptions of(String name) {
    return new CopyOptions(name, List.of());
  }

  /** These options with {@code file} written after the others. */
  public CopyOptions addFile(InlineFile file) {
    return new CopyOptions(name(), plus("files", files, file));
  }

  /** A UTF-8 text file with {@code mode} (JSON has no octal: write {@code 0644} in Java). */
  public CopyOptions text(String path, String content, int mode) {
    return addFile(InlineFile.text(path, content).withMode(mode));
  }

  /** A text file with {@code mode}, owned by {@code uid} and {@code gid}. */
  public CopyOptions text(String path, String content, int mode, long uid, long gid) {
    return addFile(InlineFile.text(path, content).withMode(mode).withOwner(uid, gid));
  }

  /** A file of any bytes with {@code mode}, written as {@code content_base64}. */
  public CopyOptions bytes(String path, byte[] content, int mode) {
    return addFile(InlineFile.bytes(path, content).withMode(mode));
  }

  @Override
  protected ObjectNode json() {
    ObjectNode json = Json.object();
    ArrayNode array = json.putArray("files");
    files.forEach(file -> array.add(file.toJson()));
    return json;
  }

  /**
   * One file: its path in the tree, its content as text ({@code content}) or as base64 ({@code
   * contentBase64}), exactly one of them, and optionally a mode and an owner (null: not set; the
   * stage's defaults are 0644 and root).
   */
  public record InlineFile(
      String path, String content, String contentBase64, Integer mode, Long uid, Long gid) {
    public InlineFile {
      Objects.requireNonNull(path, "path");
      if ((content == null) == (contentBase64 == null)) {
        throw new IllegalArgumentException(
            "a file needs exactly one of content and content_base64: " + path);
      }
    }

    /** A file whose content is text, written as UTF-8. */
    public static InlineFile text(String path, String content) {
      return new InlineFile(
          path, Objects.requireNonNull(content, "content"), null, null, null, null);
    }

    /** A file of any bytes. */
    public static InlineFile bytes(String path, byte[] content) {
      return base64(
          path, Base64.getEncoder().encodeToString(Objects.requireNonNull(content, "content")));
    }

    /** A file whose content is given already base64-encoded. */
    public static InlineFile base64(String path, String contentBase64) {
      return new InlineFile(
          path, null, Objects.requireNonNull(contentBase64, "contentBase64"), null, null, null);
    }

    /** Permission bits, such as {@code 0755}. */
    public InlineFile withMode(int newMode) {
      return new InlineFile(path, content, contentBase64, newMode, uid, gid);
    }

    /** The file's owner (the group stays root unless given). */
    public InlineFile withUid(long newUid) {
      return new InlineFile(path, content, contentBase64, mode, newUid, gid);
    }

    /** The file's group. */
    public InlineFile withGid(long newGid) {
      return new InlineFile(path, content, contentBase64, mode, uid, newGid);
    }

    /** Both the owner and the group. */
    public InlineFile withOwner(long newUid, long newGid) {
      return new InlineFile(path, content, contentBase64, mode, newUid, newGid);
    }

    ObjectNode toJson() {
      ObjectNode json = Json.object().put("path", path);
      put(json, "content", content);
      put(json, "content_base64", contentBase64);
      put(json, "mode", mode);
      put(json, "uid", uid);
      return put(json, "gid", gid);
    }
  }
}
