package org.osbuildj.store.registry;

import java.util.regex.Pattern;

/**
 * Where a remote store lives: {@code oci://HOST[:PORT]/REPOSITORY}, a repository of an OCI
 * registry. Every stored tree is an image in that repository, tagged with its id.
 *
 * @param host the registry's host name or address (an IPv6 address in brackets)
 * @param port the port, or -1 for the scheme's default
 * @param repository the repository, such as {@code team/osbuild-store}
 */
public record RegistryAddress(String host, int port, String repository) {
  /** The Distribution specification's grammar of repository names. */
  private static final Pattern REPOSITORY =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]");

  public RegistryAddress {
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("not a registry host: '" + host + "'");
    }
    if (port != -1 && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException("not a port: " + port);
    }
    if (!REPOSITORY.matcher(repository).matches() || repository.length() > 255) {
      throw new IllegalArgumentException(
          "not a repository name: '"
              + repository
              + "' (lower-case letters and digits, separated by '.', '_', '-' or '/')");
    }
  }

  /**
   * Reads {@code oci://HOST[:PORT]/REPOSITORY}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static RegistryAddress parse(String text) {
    String prefix = "oci://";
    if (!text.startsWith(prefix)) {
      throw new IllegalArgumentException(
          "a remote store is oci://HOST[:PORT]/REPOSITORY, not '" + text + "'");
    }
    String rest = text.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException(
          "a remote store is oci://HOST[:PORT]/REPOSITORY (the repository is missing): '"
              + text
              + "'");
    }
    String authority = rest.substring(0, slash);
    String repository = rest.substring(slash + 1);
    int colon = authority.lastIndexOf(':');
    if (colon > authority.lastIndexOf(']')) {
      String port = authority.substring(colon + 1);
      try {
        return new RegistryAddress(
            authority.substring(0, colon), Integer.parseInt(port), repository);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a port: '" + port + "' in '" + text + "'");
      }
    }
    return new RegistryAddress(authority, -1, repository);
  }

  /** {@code HOST[:PORT]}: how auth files and image references name the registry. */
  public String registry() {
    return port == -1 ? host : host + ":" + port;
  }

  /** {@code HOST[:PORT]/REPOSITORY:TAG}, for skopeo's and podman's {@code docker://}. */
  public String reference(String tag) {
    return registry() + "/" + repository + ":" + tag;
  }

  @Override
  public String toString() {
    return "oci://" + registry() + "/" + repository;
  }
}
