package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.osbuildj.core.json.Json;

/**
 * {@code org.osbuild.systemd}, as an immutable value: units to enable, disable and mask, and the
 * default target. Each list is written once something was added to it.
 *
 * <pre>{@code
 * Stages.systemd().enable("ssh.service", "systemd-networkd.service").withDefaultTarget("multi-user.target")
 * }</pre>
 */
public final class SystemdOptions extends StageOptions {
  private final List<String> enabled;
  private final List<String> disabled;
  private final List<String> masked;
  private final String defaultTarget;

  private SystemdOptions(
      String name,
      List<String> enabled,
      List<String> disabled,
      List<String> masked,
      String defaultTarget) {
    super(name);
    this.enabled = enabled;
    this.disabled = disabled;
    this.masked = masked;
    this.defaultTarget = defaultTarget;
  }

  /** Nothing set yet: {@code {}}. Made by {@code Stages.systemd()}, which gives the name. */
  public static SystemdOptions of(String name) {
    return new SystemdOptions(name, null, null, null, null);
  }

  /** These units added to {@code enabled_services}. */
  public SystemdOptions addEnabledServices(String... units) {
    return new SystemdOptions(
        name(), append("enabled_services", enabled, units), disabled, masked, defaultTarget);
  }

  /** These units added to {@code disabled_services}. */
  public SystemdOptions addDisabledServices(String... units) {
    return new SystemdOptions(
        name(), enabled, append("disabled_services", disabled, units), masked, defaultTarget);
  }

  /** These units added to {@code masked_services}. */
  public SystemdOptions addMaskedServices(String... units) {
    return new SystemdOptions(
        name(), enabled, disabled, append("masked_services", masked, units), defaultTarget);
  }

  /** The default target, such as {@code "multi-user.target"}. */
  public SystemdOptions withDefaultTarget(String target) {
    return new SystemdOptions(
        name(), enabled, disabled, masked, Objects.requireNonNull(target, "defaultTarget"));
  }

  /** The same as {@link #addEnabledServices(String...)}. */
  public SystemdOptions enable(String... units) {
    return addEnabledServices(units);
  }

  /** The same as {@link #addDisabledServices(String...)}. */
  public SystemdOptions disable(String... units) {
    return addDisabledServices(units);
  }

  /** The same as {@link #addMaskedServices(String...)}. */
  public SystemdOptions mask(String... units) {
    return addMaskedServices(units);
  }

  /** The same as {@link #withDefaultTarget(String)}. */
  public SystemdOptions defaultTarget(String target) {
    return withDefaultTarget(target);
  }

  @Override
  protected ObjectNode json() {
    ObjectNode json = Json.object();
    put(json, "enabled_services", enabled);
    put(json, "disabled_services", disabled);
    put(json, "masked_services", masked);
    return put(json, "default_target", defaultTarget);
  }
}
