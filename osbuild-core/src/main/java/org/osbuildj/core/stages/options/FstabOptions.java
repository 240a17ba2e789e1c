package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.osbuildj.core.json.Json;

/**
 * {@code org.osbuild.fstab}, as an immutable value: the filesystems of a new /etc/fstab, in order.
 *
 * <pre>{@code
 * Stages.fstab()
 *     .addFilesystem(Filesystem.uuid(rootUuid, "/", "ext4").withOptions("errors=remount-ro").withPassno(1))
 *     .addFilesystem(Filesystem.device("/dev/vdb", "none", "swap"))
 * }</pre>
 */
public final class FstabOptions extends StageOptions {
  private final List<Filesystem> filesystems;

  private FstabOptions(String name, List<Filesystem> filesystems) {
    super(name);
    this.filesystems = filesystems;
  }

  /**
   * No filesystems yet: {@code {"filesystems": []}}. Made by {@code Stages.fstab()}, which gives
   * the name.
   */
  public static FstabOptions of(String name) {
    return new FstabOptions(name, List.of());
  }

  /** These options with {@code filesystem} as the next line. */
  public FstabOptions addFilesystem(Filesystem filesystem) {
    return new FstabOptions(name(), plus("filesystems", filesystems, filesystem));
  }

  /**
   * A filesystem by UUID, with every field written ({@code mountOptions} may be null: "defaults").
   */
  public FstabOptions uuid(
      String uuid, String mountPoint, String vfsType, String mountOptions, int freq, int passno) {
    return addFilesystem(
        Filesystem.uuid(uuid, mountPoint, vfsType).complete(mountOptions, freq, passno));
  }

  /**
   * A filesystem by label, with every field written ({@code mountOptions} may be null: "defaults").
   */
  public FstabOptions label(
      String label, String mountPoint, String vfsType, String mountOptions, int freq, int passno) {
    return addFilesystem(
        Filesystem.label(label, mountPoint, vfsType).complete(mountOptions, freq, passno));
  }

  /**
   * A filesystem by device node, with every field written ({@code mountOptions} may be null:
   * "defaults").
   */
  public FstabOptions device(
      String device, String mountPoint, String vfsType, String mountOptions, int freq, int passno) {
    return addFilesystem(
        Filesystem.device(device, mountPoint, vfsType).complete(mountOptions, freq, passno));
  }

  @Override
  protected ObjectNode json() {
    ObjectNode json = Json.object();
    ArrayNode array = json.putArray("filesystems");
    filesystems.forEach(filesystem -> array.add(filesystem.toJson()));
    return json;
  }

  /** How a filesystem is found, by the option that names it. */
  public enum Source {
    UUID("uuid"),
    LABEL("label"),
    PARTUUID("partuuid"),
    DEVICE("device");

    private final String option;

    Source(String option) {
      this.option = option;
    }

    /** The option's name in the stage's options, such as {@code "partuuid"}. */
    public String option() {
      return option;
    }
  }

  /**
   * One line of /etc/fstab: the filesystem ({@code source} names it by {@code sourceValue}), its
   * mount point ({@code path}, "none" for swap) and type, and optionally its mount options, {@code
   * freq} and {@code passno} (null: not set; the stage writes "defaults", 0 and 0).
   */
  public record Filesystem(
      Source source,
      String sourceValue,
      String path,
      String vfsType,
      String options,
      Integer freq,
      Integer passno) {
    public Filesystem {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(sourceValue, source.option());
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(vfsType, "vfsType");
    }

    /** The filesystem with this UUID, mounted at {@code path}. */
    public static Filesystem uuid(String uuid, String path, String vfsType) {
      return new Filesystem(Source.UUID, uuid, path, vfsType, null, null, null);
    }

    /** The filesystem with this label, mounted at {@code path}. */
    public static Filesystem label(String label, String path, String vfsType) {
      return new Filesystem(Source.LABEL, label, path, vfsType, null, null, null);
    }

    /** The filesystem on the partition with this UUID, mounted at {@code path}. */
    public static Filesystem partuuid(String partuuid, String path, String vfsType) {
      return new Filesystem(Source.PARTUUID, partuuid, path, vfsType, null, null, null);
    }

    /** The filesystem on this device node, such as {@code /dev/vda1}, mounted at {@code path}. */
    public static Filesystem device(String device, String path, String vfsType) {
      return new Filesystem(Source.DEVICE, device, path, vfsType, null, null, null);
    }

    /** Mount options, comma-separated, such as {@code "errors=remount-ro"}. */
    public Filesystem withOptions(String mountOptions) {
      return new Filesystem(
          source,
          sourceValue,
          path,
          vfsType,
          Objects.requireNonNull(mountOptions, "options"),
          freq,
          passno);
    }

    /** For dump(8). */
    public Filesystem withFreq(int newFreq) {
      return new Filesystem(source, sourceValue, path, vfsType, options, newFreq, passno);
    }

    /** The fsck order: 1 for the root, 2 for others, 0 for none. */
    public Filesystem withPassno(int newPassno) {
      return new Filesystem(source, sourceValue, path, vfsType, options, freq, newPassno);
    }

    private Filesystem complete(String mountOptions, int newFreq, int newPassno) {
      return new Filesystem(source, sourceValue, path, vfsType, mountOptions, newFreq, newPassno);
    }

    ObjectNode toJson() {
      ObjectNode json =
          Json.object()
              .put(source.option(), sourceValue)
              .put("path", path)
              .put("vfs_type", vfsType);
      put(json, "options", options);
      put(json, "freq", freq);
      return put(json, "passno", passno);
    }
  }
}
