package org.osbuildj.isolation.linux;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.osbuildj.isolation.libc.LinuxCalls.MS_NODEV;
import static org.osbuildj.isolation.libc.LinuxCalls.MS_NOSUID;
import static org.osbuildj.isolation.libc.LinuxCalls.MS_RDONLY;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osbuildj.core.isolation.IsolationException;
import org.osbuildj.core.tree.Tree;

/**
 * Prepares the configuration of a build root that is a tree (a build pipeline's), so that programs
 * run in it as a sandbox's commands: what the seed's {@code osbuild-run} did before every stage,
 * reduced to what still matters when the build root keeps its tree's own {@code /etc}.
 *
 * <p>Everything is put into a small directory on the sandbox's private tmpfs, which becomes the top
 * layer of a read-only overlay over the build root's {@code /etc}: the step sees the tree's files
 * with these on top, cannot change either, and the stored tree is never written. When nothing is
 * needed (a Debian tree made by mmdebstrap, for a step without the network) no overlay is mounted.
 * The tree is only read here, through {@link Tree}, so a symbolic link in it never leads to a host
 * file; a link at a path that is prepared is replaced in the overlay, not followed. The prepared
 * files belong to the sandbox's root, mode 0644.
 *
 * <p>The seed's build root was the build tree's {@code /usr}, {@code /bin}, {@code /sbin}, {@code
 * /lib} and {@code /lib64} with an empty {@code /etc}; {@code osbuild-run} filled it. Item by item:
 *
 * <ol>
 *   <li><b>{@code ldconfig}</b> (after touching {@code /etc/ld.so.conf}) wrote the loader's cache
 *       into the empty {@code /etc}. Here the tree keeps the {@code /etc/ld.so.cache} its package
 *       manager's trigger wrote. Nothing is done when a tree has none: glibc's loader works without
 *       a cache and searches its default directories ({@code /lib}, {@code /usr/lib} and, on
 *       Debian, the multiarch ones); only a library that lives solely in a directory named in
 *       {@code /etc/ld.so.conf.d} would not be found, and no build root we know of has one that a
 *       step needs. Running {@code ldconfig} per sandbox would need a writable {@code /etc} and a
 *       command before every step.
 *   <li><b>{@code systemd-sysusers}</b> created users and groups in the empty {@code /etc}. Here
 *       the tree keeps those its packages created. Only a tree with no {@code /etc/passwd} or no
 *       {@code /etc/group} at all (no entry of that name) gets a root-only one ({@code
 *       root:x:0:0:root:/root:/bin/sh} and {@code root:x:0:}, as later osbuild's runners write a
 *       minimal {@code passwd}), so that {@code ls -l}, {@code chown root:root}, {@code install -o
 *       root} and tar find root.
 *   <li><b>{@code update-ca-trust}</b> and <b>{@code update-ca-certificates}</b> generated the CA
 *       bundle. Here a tree with {@code ca-certificates} installed has its bundle already, and it
 *       is kept: it is the trust the tree's own packages set up. For a step that needs the network
 *       in a tree with no bundle (mmdebstrap's minbase has none), the host's bundle is put at the
 *       Debian path {@code /etc/ssl/certs/ca-certificates.crt} and the Fedora paths {@code
 *       /etc/pki/tls/certs/ca-bundle.crt} and {@code /etc/pki/ca-trust/extracted/pem/tls-ca-bundle
 *       .pem}, so an HTTPS mirror or download verifies as it does on the host. A tree "has" a
 *       bundle when one of those paths is a non-empty regular file (its links followed inside the
 *       tree). A path below a directory that is a link or a file in the tree is skipped rather than
 *       hiding that link; the other paths still get the bundle. Steps without the network get none:
 *       they have nothing to verify.
 *   <li><b>{@code systemd-tmpfiles --create}</b> created the directories of {@code tmpfiles.d}.
 *       Here {@code /run}, {@code /tmp} and {@code /var/tmp} are fresh tmpfs of the sandbox and the
 *       rest of the build root is read-only, so most of those entries could not be created anyway,
 *       and running the tree's tmpfiles per sandbox would cost a command per step. Instead {@link
 *       #prepareRun} makes, for every sandbox, what programs commonly expect on {@code /run}:
 *       {@code /run/lock}, mode 1777 (Debian's and Fedora's {@code /var/lock} link there; lock
 *       files of serial-port tools, {@code lockfile-progs}, old init scripts). Not {@code
 *       /run/user}: it holds the runtime directories logind makes per login session, and with no
 *       session an empty one would not give a program its {@code XDG_RUNTIME_DIR}.
 *   <li><b>{@code nsswitch.conf}</b> was removed, because {@code nss-resolve} "does not necessarily
 *       work in a non-booted container". Here it is filtered instead: only the modules {@code
 *       resolve} and {@code mymachines} are taken out, each with the {@code [STATUS=action]} that
 *       follows it. They answer only through a service of a booted system ({@code
 *       systemd-resolved}, {@code systemd-machined}) that never runs in a sandbox, so a lookup must
 *       not depend on them. Removing the file would also drop what the tree chose on purpose and
 *       glibc's defaults do not give: {@code files} before {@code dns} for hosts, {@code altfiles}
 *       (users kept in {@code /usr/lib/passwd}), {@code sss}, {@code compat}. {@code myhostname}
 *       stays (it answers from the kernel's host name, with no service), and so does {@code
 *       systemd}: measured on Debian 12 with an empty {@code /run}, nss-systemd fails in no time
 *       for unknown names and still gives root and nobody when {@code /etc/passwd} lacks them.
 * </ol>
 *
 * <p>For a step that needs the network, besides the CA bundle: the host's {@code resolv.conf} and
 * {@code hosts} replace the tree's (a tree made by mmdebstrap has none, or a link to a resolver the
 * sandbox does not run); when the host has no such file the tree's is left as it is. Proxy
 * variables for such steps are not files: see {@code ProxyEnvironment}.
 */
final class BuildRootConfiguration {
  /** NSS modules that answer only through a service of a booted system. */
  static final Set<String> SERVICE_MODULES = Set.of("resolve", "mymachines");

  /** Where Debian and Fedora keep the bundle of trusted CA certificates, relative to /etc. */
  static final List<String> CA_BUNDLES =
      List.of(
          "ssl/certs/ca-certificates.crt",
          "pki/tls/certs/ca-bundle.crt",
          "pki/ca-trust/extracted/pem/tls-ca-bundle.pem");

  static final String MINIMAL_PASSWD = "root:x:0:0:root:/root:/bin/sh\n";
  static final String MINIMAL_GROUP = "root:x:0:\n";

  private static final List<String> NAME_RESOLUTION = List.of("resolv.conf", "hosts");
  private static final Path HOST_ETC = Path.of("/etc");

  /** A larger nsswitch.conf is not one; it is left alone rather than read into memory. */
  private static final long NSSWITCH_LIMIT = 1 << 20;

  private static final int FILE_MODE = 0644;
  private static final int DIRECTORY_MODE = 0755;
  private static final int LOCK_DIRECTORY_MODE = 01777;

  private final Path etc;
  private final Tree tree;
  private final int sandboxRoot;

  /** What goes into the overlay's top layer, by path relative to {@code /etc}. */
  private final Map<String, byte[]> files = new LinkedHashMap<>();

  private BuildRootConfiguration(Path root, int sandboxRoot) {
    this.etc = root.resolve("etc");
    this.tree = Tree.readOnlyAt(root);
    this.sandboxRoot = sandboxRoot;
  }

  /**
   * Puts the prepared files over the build root's {@code /etc}, when any are needed.
   *
   * @param root the sandbox's root, the build root's tree mounted there
   * @param layer a directory to create on the sandbox's tmpfs, outside the root
   * @param network whether the sandbox's step needs the network
   * @param sandboxRoot the host id of the sandbox's root, who owns the prepared files
   * @return whether an overlay was mounted
   */
  static boolean prepareEtc(
      Path root, Path layer, boolean network, MountStack mounts, int sandboxRoot)
      throws IOException {
    BuildRootConfiguration configuration = new BuildRootConfiguration(root, sandboxRoot);
    if (!Files.isDirectory(configuration.etc, LinkOption.NOFOLLOW_LINKS)) {
      if (network) {
        throw new IsolationException(
            "the build root has no directory /etc (a symlink does not count) to give the host's"
                + " name resolution to");
      }
      return false;
    }
    configuration.collect(network);
    if (configuration.files.isEmpty()) {
      return false;
    }
    configuration.write(Files.createDirectories(layer));
    mounts.mount(
        "overlay",
        configuration.etc,
        "overlay",
        MS_RDONLY | MS_NOSUID | MS_NODEV,
        "lowerdir=" + checked(layer) + ":" + checked(configuration.etc));
    return true;
  }

  /**
   * Makes what programs commonly expect on the sandbox's fresh {@code /run} (see item 4 above).
   *
   * @param run the sandbox's {@code /run}, an empty tmpfs
   */
  static void prepareRun(Path run, int sandboxRoot) throws IOException {
    own(Files.createDirectory(run.resolve("lock")), sandboxRoot, LOCK_DIRECTORY_MODE);
  }

  private void collect(boolean network) throws IOException {
    nsswitch();
    minimal("passwd", MINIMAL_PASSWD);
    minimal("group", MINIMAL_GROUP);
    if (network) {
      for (String name : NAME_RESOLUTION) {
        Path host = HOST_ETC.resolve(name);
        if (Files.isRegularFile(host)) {
          files.put(name, Files.readAllBytes(host));
        }
      }
      caBundle();
    }
  }

  private void nsswitch() throws IOException {
    Path file = inTree("nsswitch.conf");
    if (file == null
        || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        || Files.size(file) > NSSWITCH_LIMIT) {
      return;
    }
    // Byte for byte: ISO-8859-1 maps every byte to one character and back.
    String content = new String(Files.readAllBytes(file), ISO_8859_1);
    String filtered = NsswitchFilter.without(content, SERVICE_MODULES);
    if (!filtered.equals(content)) {
      files.put("nsswitch.conf", filtered.getBytes(ISO_8859_1));
    }
  }

  private void minimal(String name, String content) {
    if (!Files.exists(etc.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
      files.put(name, content.getBytes(US_ASCII));
    }
  }

  private void caBundle() throws IOException {
    for (String bundle : CA_BUNDLES) {
      Path own = inTree(bundle);
      if (own != null
          && Files.isRegularFile(own, LinkOption.NOFOLLOW_LINKS)
          && Files.size(own) > 0) {
        return;
      }
    }
    for (String bundle : CA_BUNDLES) {
      Path host = HOST_ETC.resolve(bundle);
      if (Files.isRegularFile(host) && Files.size(host) > 0) {
        byte[] content = Files.readAllBytes(host);
        for (String target : CA_BUNDLES) {
          if (onRealDirectories(target)) {
            files.put(target, content);
          }
        }
        return;
      }
    }
  }

  /**
   * The host path of {@code /etc/<name>} in the tree, links followed inside it; null for a loop.
   */
  private Path inTree(String name) throws IOException {
    try {
      return tree.resolve("/etc/" + name);
    } catch (FileSystemException e) {
      return null;
    }
  }

  /**
   * Whether each directory above {@code name} in the tree's /etc is missing or a real directory.
   */
  private boolean onRealDirectories(String name) {
    Path directory = etc;
    Path parent = Path.of(name).getParent();
    for (Path component : parent == null ? List.<Path>of() : parent) {
      directory = directory.resolve(component);
      if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
      if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the files into the layer. Its directories take the owner and mode of the tree's
   * directories they lie over (the overlay shows the top layer's), new ones are root's, 0755.
   */
  private void write(Path layer) throws IOException {
    copyOwnerAndMode(etc, layer);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path name = Path.of(file.getKey());
      Path directory = layer;
      Path inTree = etc;
      for (Path component : name.getParent() == null ? List.<Path>of() : name.getParent()) {
        directory = directory.resolve(component);
        inTree = inTree.resolve(component);
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectory(directory);
          if (Files.isDirectory(inTree, LinkOption.NOFOLLOW_LINKS)) {
            copyOwnerAndMode(inTree, directory);
          } else {
            own(directory, sandboxRoot, DIRECTORY_MODE);
          }
        }
      }
      own(Files.write(layer.resolve(name), file.getValue()), sandboxRoot, FILE_MODE);
    }
  }

  private static void copyOwnerAndMode(Path from, Path to) throws IOException {
    Map<String, Object> attributes =
        Files.readAttributes(from, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(to, "unix:uid", attributes.get("uid"), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(to, "unix:gid", attributes.get("gid"), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(
        to, "unix:mode", (Integer) attributes.get("mode") & 07777, LinkOption.NOFOLLOW_LINKS);
  }

  /** Gives {@code path} to the sandbox's root; the mode last, since chown clears set-id bits. */
  private static void own(Path path, int owner, int mode) throws IOException {
    Files.setAttribute(path, "unix:uid", owner, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:gid", owner, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
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
}
