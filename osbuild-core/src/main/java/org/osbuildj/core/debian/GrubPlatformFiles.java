package org.osbuildj.core.debian;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.json.Sha256;

/**
 * GRUB's module directory for a platform the build root has no package for, such as {@code
 * arm64-efi} on an amd64 host (Debian 12 builds {@code grub-efi-arm64-bin} for arm64 only): for
 * {@code grub-mkimage -d DIR -O arm64-efi}, which runs on any host.
 *
 * <p>When the build root has {@code /usr/lib/grub/<platform>}, that is used. Otherwise the
 * platform's package of the target architecture is downloaded with the build root's apt and a
 * private apt state (its own architecture, lists, cache and sources; nothing of the build root's
 * dpkg or apt state is read or written), verified by apt against the archive's signed lists (the
 * build root's {@code debian-archive-keyring}), unpacked with {@code dpkg-deb -x} into the store's
 * {@value #CACHE} cache, and reused from there by later builds, offline. A step using it declares
 * {@link #CACHE} among its {@code caches} and, for the first download, needs the network.
 *
 * <pre>{@code
 * String modules = GrubPlatformFiles.directory(sandbox, "arm64-efi", mirror, "bookworm");
 * sandbox.exec(Command.of("grub-mkimage", "-d", modules, "-O", "arm64-efi", ...)).orThrow();
 * }</pre>
 */
public final class GrubPlatformFiles {
  /** The store's cache the unpacked packages are kept in. */
  public static final String CACHE = "grub-platforms";

  /** GRUB platform to the Debian package with its modules and that package's architecture. */
  private static final Map<String, List<String>> PACKAGES =
      Map.of(
          "arm64-efi", List.of("grub-efi-arm64-bin", "arm64"),
          "x86_64-efi", List.of("grub-efi-amd64-bin", "amd64"),
          "i386-efi", List.of("grub-efi-ia32-bin", "i386"),
          "i386-pc", List.of("grub-pc-bin", "amd64"),
          "riscv64-efi", List.of("grub-efi-riscv64-bin", "riscv64"));

  private GrubPlatformFiles() {}

  /** The platforms this finds packages for. */
  public static List<String> platforms() {
    return PACKAGES.keySet().stream().sorted().toList();
  }

  /** The build root's programs this runs when it downloads. */
  public static List<HostTool> requiredTools() {
    return List.of(HostTool.of("apt-get", "apt"), HostTool.of("dpkg-deb", "dpkg"));
  }

  /**
   * The directory, as the sandbox sees it, that holds GRUB's modules for {@code platform}: the
   * build root's own, or one downloaded and kept in the store.
   *
   * @param mirror the Debian archive to download from (see {@link DebianMirror#resolve})
   * @param suite its suite, such as {@code bookworm}
   * @throws IllegalArgumentException for a platform not in {@link #platforms()}
   * @throws IllegalStateException when the build root lacks them and the store keeps no caches
   * @throws org.osbuildj.core.isolation.CommandFailedException when the download fails, with apt's
   *     output
   */
  public static String directory(Sandbox sandbox, String platform, String mirror, String suite)
      throws IOException, InterruptedException {
    List<String> pkg = PACKAGES.get(platform);
    if (pkg == null) {
      throw new IllegalArgumentException(
          "no Debian package known for GRUB platform " + platform + "; known: " + platforms());
    }
    String own = "/usr/lib/grub/" + platform;
    if (sandbox.exec(Command.of("test", "-e", own + "/moddep.lst")).succeeded()) {
      return own;
    }
    Optional<String> cache = sandbox.cacheInRoot(CACHE);
    if (cache.isEmpty()) {
      throw new IllegalStateException(
          "GRUB's "
              + platform
              + " modules are not in the build root (package "
              + pkg.get(0)
              + "), and the store keeps no caches to download them into");
    }
    String kept =
        cache.get()
            + "/"
            + pkg.get(0)
            + "/"
            + pkg.get(1)
            + "-"
            + Sha256.hex(mirror + "\n" + suite).substring(0, 16);
    String modules = kept + "/root/usr/lib/grub/" + platform;
    if (sandbox.exec(Command.of("test", "-e", kept + "/.complete")).succeeded()) {
      return modules;
    }
    sandbox
        .exec(Command.of("sh", "-c", DOWNLOAD, "sh", kept, pkg.get(0), pkg.get(1), mirror, suite))
        .orThrow();
    sandbox.exec(Command.of("test", "-e", modules + "/moddep.lst")).orThrow();
    return modules;
  }

  /**
   * {@code $1} the directory to fill, {@code $2} the package, {@code $3} its architecture, {@code
   * $4} the mirror, {@code $5} the suite. apt-get download checks the package against the signed
   * lists; the unpacked tree appears under {@code $1/root} only whole, marked by {@code .complete}.
   */
  static final String DOWNLOAD =
      "set -eu\n"
          + "dir=$1 package=$2 arch=$3 mirror=$4 suite=$5\n"
          + "work=$(mktemp -d)\n"
          + "trap 'rm -rf \"$work\"' EXIT\n"
          + "mkdir -p \"$work/lists/partial\" \"$work/archives/partial\" \"$work/sources.list.d\"\n"
          + "echo \"deb [arch=$arch] $mirror $suite main\" > \"$work/sources.list\"\n"
          + "apt() { apt-get -q -o APT::Architecture=\"$arch\" -o APT::Architectures=\"$arch\""
          + " -o APT::Sandbox::User=root"
          + " -o Dir::State=\"$work\" -o Dir::State::Lists=\"$work/lists\""
          + " -o Dir::State::status=/dev/null -o Dir::Cache=\"$work\""
          + " -o Dir::Cache::Archives=\"$work/archives\""
          + " -o Dir::Etc::SourceList=\"$work/sources.list\""
          + " -o Dir::Etc::SourceParts=\"$work/sources.list.d\" \"$@\"; }\n"
          + "apt update\n"
          + "(cd \"$work\" && apt download \"$package\")\n"
          + "mkdir -p \"$dir\"\n"
          + "rm -rf \"$dir/root.part\"\n"
          + "dpkg-deb -x \"$work\"/\"$package\"_*.deb \"$dir/root.part\"\n"
          + "rm -rf \"$dir/root\"\n"
          + "mv \"$dir/root.part\" \"$dir/root\"\n"
          + "touch \"$dir/.complete\"\n";
}
