package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.osbuildj.core.json.Json;

/**
 * {@code org.osbuild.apt}, as an immutable value: packages to install and to purge with the tree's
 * own apt. Each {@code withX} sets one option (a list is replaced as a whole); an option never set
 * is left out of the stage's options.
 *
 * <pre>{@code
 * Stages.apt("openssh-server", "curl").withRemove("nano").withInstallRecommends(true)
 * }</pre>
 */
public final class AptOptions extends StageOptions {
  /** Option name to its value (a Boolean or List of String), in the order they were set. */
  private final Map<String, Object> options;

  private AptOptions(String name, Map<String, Object> options) {
    super(name);
    this.options = options;
  }

  /**
   * These packages to install; with none, {@code packages} is left out. Made by {@code
   * Stages.apt(packages...)}, which gives the name.
   */
  public static AptOptions of(String name, String... packages) {
    AptOptions none = new AptOptions(name, Map.of());
    return packages != null && packages.length == 0 ? none : none.withPackages(packages);
  }

  private AptOptions set(String option, Object value) {
    return new AptOptions(name(), with(option, options, option, value));
  }

  /** Packages to install, replacing those given before. */
  public AptOptions withPackages(String... packages) {
    return set("packages", listOf("packages", packages));
  }

  /** More packages to install, after those given before. */
  public AptOptions addPackages(String... packages) {
    return set("packages", append("packages", strings("packages"), packages));
  }

  /** Packages to purge, after installing. */
  public AptOptions withRemove(String... packages) {
    return set("remove", listOf("remove", packages));
  }

  /** Whether recommended packages are installed too (the stage's default: false). */
  public AptOptions withInstallRecommends(boolean recommends) {
    return set("install_recommends", recommends);
  }

  /** Whether fresh package lists are fetched first (the stage's default: true). */
  public AptOptions withUpdate(boolean update) {
    return set("update", update);
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
}
