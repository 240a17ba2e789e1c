package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code org.osbuild.fstab}: {@code Stages.fstab().uuid(uuid, "/", "ext4", "errors=remount-ro", 0, 1)}.
 */
public final class FstabOptions extends StageOptions {
  private final ArrayNode filesystems = options.putArray("filesystems");

  public FstabOptions(String name) {
    super(name);
  }

  public FstabOptions uuid(String uuid, String mountPoint, String vfsType, String mountOptions, int freq, int passno) {
    return add("uuid", uuid, mountPoint, vfsType, mountOptions, freq, passno);
  }

  public FstabOptions label(String label, String mountPoint, String vfsType, String mountOptions, int freq, int passno) {
    return add("label", label, mountPoint, vfsType, mountOptions, freq, passno);
  }

  public FstabOptions device(String device, String mountPoint, String vfsType, String mountOptions, int freq, int passno) {
    return add("device", device, mountPoint, vfsType, mountOptions, freq, passno);
  }

  private FstabOptions add(String key, String source, String mountPoint, String vfsType, String mountOptions,
      int freq, int passno) {
    ObjectNode fs = filesystems.addObject().put(key, source).put("path", mountPoint).put("vfs_type", vfsType);
    if (mountOptions != null) fs.put("options", mountOptions);
    fs.put("freq", freq).put("passno", passno);
    return this;
  }
}
