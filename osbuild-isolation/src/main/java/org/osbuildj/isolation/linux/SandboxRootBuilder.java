package org.osbuildj.isolation.linux;

import static org.osbuildj.isolation.libc.LinuxCalls.MS_NODEV;
import static org.osbuildj.isolation.libc.LinuxCalls.MS_NOEXEC;
import static org.osbuildj.isolation.libc.LinuxCalls.MS_NOSUID;
import static org.osbuildj.isolation.libc.LinuxCalls.MS_RDONLY;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osbuildj.core.isolation.IsolationException;
import org.osbuildj.core.isolation.SandboxSpec;

/**
 * Assembles a sandbox's root on its own thread, in its private mount namespace: the build root
 * read-only, the tree, output, sources and inputs under {@code /run/osbuild}, a minimal {@code
 * /dev}, a read-only {@code /sys} and fresh tmpfs for {@code /tmp}, {@code /run} and {@code
 * /var/tmp}. {@code /proc} is left to each command, which must mount it from inside its own pid
 * namespace.
 *
 * <p>Everything whose owners the commands must see as they are (the build root, the tree, output,
 * inputs and caches) is mounted through the sandbox's id map; the tmpfs the commands write are
 * owned by the sandbox's root. The host's {@code /etc}, lent to a sandbox without a build pipeline,
 * is not mapped: its files show as owned by {@code nobody}, so root in the sandbox reads only what
 * every host user may read ({@code /etc/shadow} stays closed).
 */
final class SandboxRootBuilder {
  /** What the host lends a sandbox that has no build pipeline: enough to run its programs. */
  private static final List<String> HOST_ROOT_ENTRIES =
      List.of("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc");

  private static final String HOST_CONFIGURATION = "etc";
  private static final List<String> DEVICES =
      List.of("null", "zero", "full", "random", "urandom", "tty");
  private static final Map<String, String> DEVICE_LINKS =
      Map.of(
          "ptmx",
          "pts/ptmx",
          "fd",
          "/proc/self/fd",
          "stdin",
          "/proc/self/fd/0",
          "stdout",
          "/proc/self/fd/1",
          "stderr",
          "/proc/self/fd/2");
  private static final long TMPFS_FLAGS = MS_NOSUID | MS_NODEV;

  private final SandboxSpec spec;
  private final SandboxLayout layout;
  private final MountStack mounts;
  private final SandboxRuntime runtime;
  private final TreeMounts trees;

  SandboxRootBuilder(
      SandboxSpec spec, SandboxLayout layout, MountStack mounts, SandboxRuntime runtime) {
    this.spec = spec;
    this.layout = layout;
    this.mounts = mounts;
    this.runtime = runtime;
    this.trees =
        new TreeMounts(mounts, layout.layers(), runtime.mountUsernsFd(), runtime.hostRoot());
  }

  void build() throws IOException {
    // Searchable by the sandbox's root, which walks down to the root before it enters it; on the
    // host the directory stays empty, since this tmpfs exists only in the sandbox's namespace.
    mounts.mount("tmpfs", layout.staging(), "tmpfs", TMPFS_FLAGS, "mode=0711");
    Path root = layout.root();
    Files.createDirectory(root);
    boolean ownRoot = spec.buildRoot().isEmpty();
    if (ownRoot) {
      hostRoot(root);
    } else {
      trees.mountReadOnly(spec.buildRoot().get(), root);
      BuildRootConfiguration.prepareEtc(
          root, layout.staging().resolve("etc"), spec.network(), mounts, runtime.hostRoot());
    }
    dev(mountPoint(root, "dev", ownRoot));
    mountPoint(root, "proc", ownRoot);
    mounts.mount(
        "sysfs",
        mountPoint(root, "sys", ownRoot),
        "sysfs",
        MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
        null);
    mounts.mount(
        "tmpfs",
        mountPoint(root, "tmp", ownRoot),
        "tmpfs",
        TMPFS_FLAGS,
        ownedBySandbox("mode=1777"));
    mounts.mount(
        "tmpfs",
        mountPoint(root, "var/tmp", ownRoot),
        "tmpfs",
        TMPFS_FLAGS,
        ownedBySandbox("mode=1777"));
    mounts.mount(
        "tmpfs",
        mountPoint(root, "run", ownRoot),
        "tmpfs",
        TMPFS_FLAGS,
        ownedBySandbox("mode=0755"));
    BuildRootConfiguration.prepareRun(root.resolve("run"), runtime.hostRoot());
    osbuildDirectories();
    if (ownRoot) {
      MountStack.remountReadOnly(root);
    }
  }

  /** A root of our own that lends the host's programs and configuration, read-only. */
  private void hostRoot(Path root) throws IOException {
    mounts.mount("tmpfs", root, "tmpfs", TMPFS_FLAGS, "mode=0755");
    for (String entry : HOST_ROOT_ENTRIES) {
      Path host = Path.of("/", entry);
      Path inRoot = root.resolve(entry);
      if (Files.isSymbolicLink(host)) {
        Files.createSymbolicLink(inRoot, Files.readSymbolicLink(host));
      } else if (Files.isDirectory(host)) {
        Files.createDirectory(inRoot);
        if (entry.equals(HOST_CONFIGURATION)) {
          mounts.bind(host, inRoot, false);
        } else {
          mounts.bindIdMapped(host, inRoot, false, runtime.mountUsernsFd());
        }
      }
    }
    Files.createDirectories(root.resolve("root"));
  }

  /**
   * A directory to mount on. In our own root it is made; in a build root it must already be there
   * as a real directory, since following a symlink would mount outside the root.
   */
  private static Path mountPoint(Path root, String name, boolean create) throws IOException {
    Path point = root.resolve(name);
    if (create) {
      return Files.createDirectories(point);
    }
    if (!Files.isDirectory(point, LinkOption.NOFOLLOW_LINKS)) {
      throw new IsolationException(
          "the build root has no directory /"
              + name
              + " to mount on (a symlink does not count): it does not look like an operating-system tree");
    }
    if (!point.toRealPath().equals(root.toRealPath().resolve(name))) {
      throw new IsolationException(
          "the build root's /"
              + name
              + " lies behind a symlink ("
              + point.toRealPath()
              + "); mounting there could leave the root");
    }
    return point;
  }

  private void dev(Path dev) throws IOException {
    mounts.mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755");
    for (String device : DEVICES) {
      Path node = Files.createFile(dev.resolve(device));
      mounts.bind(Path.of("/dev", device), node, true);
    }
    Path pts = Files.createDirectory(dev.resolve("pts"));
    mounts.mount(
        "devpts", pts, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620");
    Path shm = Files.createDirectory(dev.resolve("shm"));
    mounts.mount("tmpfs", shm, "tmpfs", TMPFS_FLAGS, ownedBySandbox("mode=1777"));
    for (Map.Entry<String, String> link : DEVICE_LINKS.entrySet()) {
      Files.createSymbolicLink(dev.resolve(link.getKey()), Path.of(link.getValue()));
    }
  }

  private void osbuildDirectories() throws IOException {
    Path tree = Files.createDirectories(layout.tree());
    trees.mount(spec.tree(), tree, spec.treeWritable());
    if (spec.outputDir().isPresent()) {
      mounts.bindIdMapped(
          spec.outputDir().get(),
          Files.createDirectories(layout.output()),
          true,
          runtime.mountUsernsFd());
    }
    if (spec.library().isPresent()) {
      Path library = Files.createDirectories(layout.inRoot(SandboxLayout.LIBRARY_IN_ROOT));
      mounts.bindIdMapped(spec.library().get(), library, false, runtime.mountUsernsFd());
    }
    if (spec.sources().isPresent()) {
      Path sources = Files.createDirectories(layout.inRoot(SandboxLayout.SOURCES_IN_ROOT));
      mounts.bindIdMapped(spec.sources().get(), sources, false, runtime.usernsFd());
    }
    for (Map.Entry<String, Path> input : spec.inputs().entrySet()) {
      Path target =
          Files.createDirectories(
              layout.inRoot(SandboxLayout.inputInRoot(checkedName(input.getKey()))));
      mounts.bindIdMapped(input.getValue(), target, false, runtime.mountUsernsFd());
    }
    for (Map.Entry<String, Path> cache : spec.caches().entrySet()) {
      Path target =
          Files.createDirectories(
              layout.inRoot(SandboxLayout.cacheInRoot(checkedName(cache.getKey()))));
      mounts.bindIdMapped(cache.getValue(), target, true, runtime.mountUsernsFd());
    }
  }

  /** tmpfs options that make its root directory belong to the sandbox's root. */
  private String ownedBySandbox(String options) {
    long root = runtime.hostRoot() & 0xFFFFFFFFL;
    return options + ",uid=" + root + ",gid=" + root;
  }

  private static String checkedName(String name) {
    if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
      throw new IsolationException(
          "an input's name must be a single path component: '" + name + "'");
    }
    return name;
  }
}
