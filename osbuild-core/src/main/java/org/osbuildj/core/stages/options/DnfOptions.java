package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.osbuildj.core.json.Json;

/**
 * {@code org.osbuild.dnf} (or the seed's {@code org.osbuild.yum}), as an immutable value: the
 * release, the repositories by id with their settings as dnf reads them, and the packages. Each
 * {@code withX} sets one option; an option never set is left out of the stage's options.
 *
 * <pre>{@code
 * Stages.dnf("40", "@core", "kernel")
 *     .withRepo("fedora", Map.of("metalink", "https://...&arch=$basearch", "gpgcheck", true))
 *     .withBasearch("x86_64")
 * }</pre>
 */
public final class DnfOptions extends StageOptions {
  /** Option name to its value, in the order they were set. */
  private final Map<String, Object> options;

  private DnfOptions(String name, Map<String, Object> options) {
    super(name);
    this.options = options;
  }

  /** Made by {@code Stages.dnf(...)} or {@code Stages.yum(...)}, which give the name. */
  public static DnfOptions of(String name, String releasever, String... packages) {
    return new DnfOptions(name, Map.of())
        .set("releasever", releasever)
        .set("repos", Map.<String, Map<String, Object>>of())
        .set("packages", listOf("packages", packages));
  }

  private DnfOptions set(String option, Object value) {
    return new DnfOptions(name(), with(option, options, option, value));
  }

  /**
   * A repository and its settings (strings, booleans, numbers or lists of strings), replacing one
   * of the same id; the seed wrote them into dnf's configuration as they are.
   */
  @SuppressWarnings("unchecked")
  public DnfOptions withRepo(String id, Map<String, Object> settings) {
    Map<String, Map<String, Object>> repos =
        (Map<String, Map<String, Object>>) options.get("repos");
    return set(
        "repos",
        with(
            "repos",
            repos,
            id,
            java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings))));
  }

  /** More packages to install, after those given before. */
  @SuppressWarnings("unchecked")
  public DnfOptions addPackages(String... packages) {
    return set("packages", append("packages", (List<String>) options.get("packages"), packages));
  }

  /** The architecture for {@code $basearch} (default: the host's). */
  public DnfOptions withBasearch(String basearch) {
    return set("basearch", basearch);
  }

  /** What dnf does with the packages: {@code install}, the only operation. */
  public DnfOptions withOperation(String operation) {
    return set("operation", operation);
  }

  /** rpm's verbosity: critical, emergency, error, warn, info (the default) or debug. */
  public DnfOptions withVerbosity(String verbosity) {
    return set("verbosity", verbosity);
  }

  /** Where the tree's rpm database goes (default {@code /usr/lib/sysimage/rpm}). */
  public DnfOptions withDbpath(String dbpath) {
    return set("dbpath", dbpath);
  }

  /** Whether the repositories' metadata is fetched again though the store keeps it. */
  public DnfOptions withRefreshMetadata(boolean refresh) {
    return set("refresh_metadata", refresh);
  }

  @Override
  protected ObjectNode json() {
    ObjectNode json = Json.object();
    options.forEach((option, value) -> put(json, option, value));
    return json;
  }
}
