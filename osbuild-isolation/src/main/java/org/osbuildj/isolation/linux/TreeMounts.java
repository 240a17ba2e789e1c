package org.osbuildj.isolation.linux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osbuildj.core.isolation.IsolationException;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.isolation.libc.LinuxCalls;

/** Makes a {@link TreeMount} appear at a path: a bind for a directory, overlayfs for layers. */
final class TreeMounts {
  /** The kernel reads legacy mount options from one page. */
  private static final int MAX_OPTIONS_LENGTH = 4095;

  private TreeMounts() {}

  static void mountReadOnly(TreeMount tree, Path target, MountStack mounts) {
    mount(tree, target, false, mounts);
  }

  static void mount(TreeMount tree, Path target, boolean writable, MountStack mounts) {
    if (tree instanceof TreeMount.Directory directory) {
      mounts.bind(directory.path(), target, writable);
    } else if (tree instanceof TreeMount.Overlay overlay) {
      overlay(overlay, target, writable, mounts);
    } else {
      throw new IllegalArgumentException("unknown kind of tree: " + tree);
    }
  }

  private static void overlay(TreeMount.Overlay overlay, Path target, boolean writable, MountStack mounts) {
    if (writable && overlay.writable()) {
      String options = "lowerdir=" + lowerDirs(overlay.lowerDirs())
          + ",upperdir=" + checked(overlay.upperDir()) + ",workdir=" + checked(overlay.workDir());
      mounts.mount("overlay", target, "overlay", 0, limited(options));
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
      mounts.bind(layers.get(0), target, false);
    } else {
      mounts.mount("overlay", target, "overlay", LinuxCalls.MS_RDONLY,
          limited("lowerdir=" + lowerDirs(layers)));
    }
  }

  private static String lowerDirs(List<Path> layers) {
    List<String> names = new ArrayList<>();
    for (Path layer : layers) {
      names.add(checked(layer));
    }
    return String.join(":", names);
  }

  /** overlayfs splits its options on ',' and its layers on ':', and would misread such paths. */
  private static String checked(Path layer) {
    String name = layer.toAbsolutePath().toString();
    if (name.contains(",") || name.contains(":") || name.contains("\\")) {
      throw new IsolationException("an overlay layer's path may not contain ',' ':' or '\\': " + name);
    }
    return name;
  }

  private static String limited(String options) {
    if (options.length() > MAX_OPTIONS_LENGTH) {
      throw new IsolationException("the overlay's layer paths are too long for one mount ("
          + options.length() + " characters, the kernel reads at most " + MAX_OPTIONS_LENGTH
          + "): use fewer layers or a shorter store path");
    }
    return options;
  }
}
