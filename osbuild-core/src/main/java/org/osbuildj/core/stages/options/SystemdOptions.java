package org.osbuildj.core.stages.options;

/** {@code org.osbuild.systemd}: {@code Stages.systemd().enable("ssh.service").defaultTarget("multi-user.target")}. */
public final class SystemdOptions extends StageOptions {
  public SystemdOptions(String name) {
    super(name);
  }

  public SystemdOptions enable(String... units) { return add("enabled_services", units); }
  public SystemdOptions disable(String... units) { return add("disabled_services", units); }
  public SystemdOptions mask(String... units) { return add("masked_services", units); }

  public SystemdOptions defaultTarget(String target) {
    options.put("default_target", target);
    return this;
  }

  private SystemdOptions add(String field, String... units) {
    var array = options.has(field) ? (com.fasterxml.jackson.databind.node.ArrayNode) options.get(field) : options.putArray(field);
    for (String unit : units) array.add(unit);
    return this;
  }
}
