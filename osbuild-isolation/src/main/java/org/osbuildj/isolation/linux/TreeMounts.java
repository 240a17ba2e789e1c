package org.osbuildj.isolation.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osbuildj.core.isolation.IsolationException;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.isolation.libc.LinuxCalls;
import org.osbuildj.isolation.libc.SecurityLabels;
import org.osbuildj.isolation.libc.ThreadCredentials;

/**
 * Makes a {@link TreeMount} appear at a path through the sandbox's id map: an id-mapped bind for a
 * directory; for layers, an overlay whose layers are id-mapped binds (an overlay itself cannot be
 * id-mapped, its layers can). Files then show their owners as the sandbox's commands must see them,
 * and what the commands write lands on disk with the owners they gave it.
 */
final class TreeMounts {
  /** The kernel reads legacy mount options from one page. */
  private static final int MAX_OPTIONS_LENGTH = 4095;

  private final MountStack mounts;
  private final Path layerDirectory;
  private final int usernsFd;
  private final int sandboxRoot;
  private int layerCount;

  /**
   * @param sandboxRoot the host id of the sandbox's root, who owns what the overlay writes itself
   */
  TreeMounts(MountStack mounts, Path layerDirectory, int usernsFd, int sandboxRoot) {
    this.mounts = mounts;
    this.layerDirectory = layerDirectory;
    this.usernsFd = usernsFd;
    this.sandboxRoot = sandboxRoot;
  }

  void mountReadOnly(TreeMount tree, Path target) throws IOException {
    mount(tree, target, false);
  }

  void mount(TreeMount tree, Path target, boolean writable) throws IOException {
    if (tree instanceof TreeMount.Directory directory) {
      mounts.bindIdMapped(directory.path(), target, writable, usernsFd);
    } else if (tree instanceof TreeMount.Overlay overlay) {
      overlay(overlay, target, writable);
    } else {
      throw new IllegalArgumentException("unknown kind of tree: " + tree);
    }
  }

  /** A host directory, id-mapped, at a new place outside the root. */
  Path mapped(Path directory, boolean writable) throws IOException {
    Path view = Files.createDirectories(layerDirectory.resolve(Integer.toString(layerCount++)));
    mounts.bindIdMapped(directory, view, writable, usernsFd);
    return view;
  }

  private void overlay(TreeMount.Overlay overlay, Path target, boolean writable)
      throws IOException {
    if (writable && overlay.writable()) {
      // overlayfs wants the upper and work directories under one mount: map their parent once.
      Path workspace = overlay.upperDir().getParent();
      if (!workspace.equals(overlay.workDir().getParent())) {
        throw new IsolationException(
            "an overlay's upper and work directories must share a parent to be "
                + "id-mapped together: "
                + overlay.upperDir()
                + ", "
                + overlay.workDir());
      }
      // The merged tree's root is the upper directory itself: a fresh one would hide the SELinux
      // label the tree's root got from org.osbuild.selinux in a layer below. The store carries the
      // root's owner and mode over to a fresh upper directory; its label is carried here.
      if (!overlay.lowerDirs().isEmpty()) {
        SecurityLabels.copyIfMissing(overlay.lowerDirs().get(0), overlay.upperDir());
      }
      Path view = mapped(workspace, true);
      String options =
          "lowerdir="
              + lowerDirs(overlay.lowerDirs())
              + ",upperdir="
              + checked(view.resolve(overlay.upperDir().getFileName()))
              + ",workdir="
              + checked(view.resolve(overlay.workDir().getFileName()));
      // overlayfs does its own work (its work directory, copy-ups) with the credentials of whoever
      // mounted it; as host root, whose uid the id map has no place for, it could create nothing.
      ThreadCredentials.useFileSystemIds(sandboxRoot);
      try {
        mounts.mount("overlay", target, "overlay", 0, limited(options));
      } finally {
        ThreadCredentials.useFileSystemIds(0);
      }
      return;
    }
    // Read-only: the upper directory, when there is one, becomes the top layer, and nothing
    // touches the work directory. overlayfs wants two layers when it has no upper directory.
    List<Path> layers = new ArrayList<>();
    if (overlay.writable()) {
      layers.add(overlay.upperDir());
    }
    layers.addAll(overlay.lowerDirs());
    if (layers.size() == 1) {
      mounts.bindIdMapped(layers.get(0), target, false, usernsFd);
    } else {
      mounts.mount(
          "overlay",
          target,
          "overlay",
          LinuxCalls.MS_RDONLY,
          limited("lowerdir=" + lowerDirs(layers)));
    }
  }

  private String lowerDirs(List<Path> layers) throws IOException {
    List<String> names = new ArrayList<>();
    for (Path layer : layers) {
      names.add(checked(mapped(layer, false)));
    }
    return String.join(":", names);
  }

  /** overlayfs splits its options on ',' and its layers on ':', and would misread such paths. */
  private static String checked(Path layer) {
    String name = layer.toAbsolutePath().toString();
    if (name.contains(",") || name.contains(":") || name.contains("\\")) {
      throw new IsolationException(
          "an overlay layer's path may not contain ',' ':' or '\\': " + name);
    }
    return name;
  }

  private static String limited(String options) {
    if (options.length() > MAX_OPTIONS_LENGTH) {
      throw new IsolationException(
          "the overlay's layer paths are too long for one mount ("
              + options.length()
              + " characters, the kernel reads at most "
              + MAX_OPTIONS_LENGTH
              + ")");
    }
    return options;
  }
}
