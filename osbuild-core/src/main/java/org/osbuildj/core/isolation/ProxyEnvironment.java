package org.osbuildj.core.isolation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The proxy settings a command that needs the network gets from the JVM's own environment: behind a
 * proxy, apt, mmdebstrap, curl and wget in a stage reach the mirror the same way the build machine
 * does. A command's environment is otherwise built from scratch ({@link
 * HostIsolation#BASE_ENVIRONMENT} and the command's own), so without this a stage would try to
 * connect directly and fail where only the proxy leads out.
 *
 * <p>Only the conventional variables are passed, each in the lower-case form most tools read and
 * the upper-case form others read, exactly as set (an empty value included, which tools take as
 * unset); neither form is made up from the other. They are passed only to sandboxes that have the
 * network: a step without it has only {@code lo}, where a proxy is of no use, and proxy URLs may
 * carry credentials that such a step has no reason to see. A command's own environment still
 * overrides them.
 */
public final class ProxyEnvironment {
  /** The variables passed, lower case first. */
  public static final List<String> NAMES =
      Stream.of("http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy")
          .flatMap(name -> Stream.of(name, name.toUpperCase(Locale.ROOT)))
          .toList();

  private ProxyEnvironment() {}

  /**
   * The proxy variables of the JVM's environment for a sandbox's commands: all of those set when
   * the sandbox has the network, none otherwise.
   */
  public static Map<String, String> forSandbox(boolean network) {
    return network ? select(System.getenv()) : Map.of();
  }

  /** The proxy variables set in {@code environment}, in the order of {@link #NAMES}. */
  public static Map<String, String> select(Map<String, String> environment) {
    Map<String, String> selected = new LinkedHashMap<>();
    for (String name : NAMES) {
      String value = environment.get(name);
      if (value != null) {
        selected.put(name, value);
      }
    }
    return selected;
  }
}
