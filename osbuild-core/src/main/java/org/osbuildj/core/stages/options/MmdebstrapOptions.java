package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.osbuildj.core.json.Json;

/**
 * {@code org.osbuild.mmdebstrap}, as an immutable value: a Debian root made by mmdebstrap from a
 * suite, with every option of its schema. Each {@code withX} sets one option (a list is replaced as
 * a whole); an option never set is left out of the stage's options.
 *
 * <pre>{@code
 * Stages.mmdebstrap("bookworm")
 *     .withVariant(Variant.MINBASE)
 *     .withInclude("linux-image-amd64", "systemd-sysv")
 *     .withMirror("http://mirror.example.org/debian")
 * }</pre>
 */
public final class MmdebstrapOptions extends StageOptions {
  /**
   * Option name to its value (a String, Boolean, List of String, or for {@code initramfs} a Map),
   * in the order they were set.
   */
  private final Map<String, Object> options;

  private MmdebstrapOptions(String name, Map<String, Object> options) {
    super(name);
    this.options = options;
  }

  /**
   * Only the suite: a code name ({@code "bookworm"}) or a suite ({@code "stable"}). Made by {@code
   * Stages.mmdebstrap(suite)}, which gives the name.
   */
  public static MmdebstrapOptions of(String name, String suite) {
    return new MmdebstrapOptions(name, with("suite", Map.of(), "suite", suite));
  }

  private MmdebstrapOptions set(String option, Object value) {
    return new MmdebstrapOptions(name(), with(option, options, option, value));
  }

  /** Which packages make the base: mmdebstrap's {@code --variant} (its default: important). */
  public MmdebstrapOptions withVariant(Variant variant) {
    return set("variant", Objects.requireNonNull(variant, "variant").optionValue());
  }

  /**
   * The variant by its option value, such as {@code "minbase"}.
   *
   * @throws IllegalArgumentException if mmdebstrap has no such variant
   */
  public MmdebstrapOptions withVariant(String variant) {
    return withVariant(Variant.fromOptionValue(variant));
  }

  /** Archive components, such as {@code "main", "contrib"}. */
  public MmdebstrapOptions withComponents(String... components) {
    return set("components", listOf("components", components));
  }

  /** Packages to install on top of the variant, replacing those given before. */
  public MmdebstrapOptions withInclude(String... packages) {
    return set("include", listOf("include", packages));
  }

  /** More packages to install on top of the variant, after those given before. */
  public MmdebstrapOptions addInclude(String... packages) {
    return set("include", append("include", strings("include"), packages));
  }

  /** The archive URI (by default {@code OSBUILD_DEBIAN_MIRROR}, else the host's apt sources). */
  public MmdebstrapOptions withMirror(String uri) {
    return set("mirror", uri);
  }

  /** The tree's dpkg architecture, such as {@code "arm64"} (by default the build root's). */
  public MmdebstrapOptions withArchitecture(String architecture) {
    return set("architecture", architecture);
  }

  /** Options for apt: mmdebstrap's {@code --aptopt}. */
  public MmdebstrapOptions withAptopt(String... aptOptions) {
    return set("aptopt", listOf("aptopt", aptOptions));
  }

  /** Options for dpkg: mmdebstrap's {@code --dpkgopt}. */
  public MmdebstrapOptions withDpkgopt(String... dpkgOptions) {
    return set("dpkgopt", listOf("dpkgopt", dpkgOptions));
  }

  /**
   * Whether to fetch fresh package lists even when the store keeps lists of this mirror and suite
   * (by default they are reused, so that rebuilds install the same versions).
   */
  public MmdebstrapOptions withRefreshPackageLists(boolean refresh) {
    return set("refresh_package_lists", refresh);
  }

  /**
   * Keyring files or directories in the build root, as absolute paths: mmdebstrap's {@code
   * --keyring}.
   */
  public MmdebstrapOptions withKeyring(String... keyrings) {
    return set("keyring", listOf("keyring", keyrings));
  }

  /**
   * How initramfs-tools makes the initramfs, set in the tree before the kernel is installed: its
   * {@code MODULES} ({@code "list"}, {@code "most"}, {@code "dep"}, {@code "netboot"}), the kernel
   * modules it loads (with {@code "list"}, all it holds), and {@code FSTYPE}; a null or empty one
   * is left out.
   *
   * <pre>{@code
   * .withInitramfs("list", List.of("virtio_pci", "virtio_blk", "ext4"), "ext4")
   * }</pre>
   */
  public MmdebstrapOptions withInitramfs(String modules, List<String> include, String fstype) {
    Map<String, Object> initramfs = new java.util.LinkedHashMap<>();
    if (modules != null) initramfs.put("modules", modules);
    if (include != null && !include.isEmpty()) {
      initramfs.put("include", listOf("initramfs.include", include.toArray(String[]::new)));
    }
    if (fstype != null) initramfs.put("fstype", fstype);
    return set("initramfs", java.util.Collections.unmodifiableMap(initramfs));
  }

  @SuppressWarnings("unchecked")
  private List<String> strings(String option) {
    return (List<String>) options.get(option);
  }

  @Override
  protected ObjectNode json() {
    ObjectNode json = Json.object();
    options.forEach((option, value) -> put(json, option, value));
    return json;
  }

  /** mmdebstrap's variants, as its {@code --variant} and the {@code variant} option name them. */
  public enum Variant {
    EXTRACT,
    CUSTOM,
    ESSENTIAL,
    APT,
    REQUIRED,
    MINBASE,
    BUILDD,
    IMPORTANT,
    DEBOOTSTRAP,
    STANDARD;

    /** The name in the stage's options, such as {@code "minbase"}. */
    public String optionValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the choices, if {@code value} is no variant
     */
    public static Variant fromOptionValue(String value) {
      for (Variant variant : values()) {
        if (variant.optionValue().equals(value)) {
          return variant;
        }
      }
      throw new IllegalArgumentException(
          "mmdebstrap has no variant '"
              + value
              + "'; the variants are "
              + Arrays.stream(values())
                  .map(Variant::optionValue)
                  .collect(Collectors.joining(", ")));
    }
  }
}
