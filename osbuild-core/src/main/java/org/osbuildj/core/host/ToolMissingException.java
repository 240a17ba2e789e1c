package org.osbuildj.core.host;

import java.util.List;
import java.util.stream.Collectors;
import org.osbuildj.core.OsbuildException;

/**
 * Programs a step needs are missing, named with the Debian packages that provide them. The one
 * exception for every place a tool is looked for: the host, checked before anything runs; a build
 * root, checked inside the sandbox (so it covers a build pipeline's tree); and the tree itself, for
 * the image's own programs ({@code useradd}, {@code locale-gen}).
 */
public class ToolMissingException extends OsbuildException {
  /** Where the tools were looked for. */
  public enum Place {
    /** The host, before anything ran: install the packages on the host. */
    HOST,
    /** A step's build root (the host's, or the build pipeline's tree). */
    BUILD_ROOT,
    /** The tree being built: an earlier stage must install them. */
    TREE
  }

  private final Place place;
  private final transient List<HostTool> missing;

  private ToolMissingException(Place place, String message, List<HostTool> missing) {
    super(message);
    this.place = place;
    this.missing = List.copyOf(missing);
  }

  /** Missing on the host, found before anything ran. */
  public static ToolMissingException onHost(List<HostTool> missing) {
    return new ToolMissingException(
        Place.HOST,
        "missing on this host: "
            + programs(missing)
            + "; install the Debian packages: apt-get install "
            + String.join(" ", packages(missing)),
        missing);
  }

  /** Missing in the build root {@code step} runs in. */
  public static ToolMissingException inBuildRoot(String step, List<HostTool> missing) {
    return new ToolMissingException(
        Place.BUILD_ROOT,
        step
            + " needs programs its build root lacks: "
            + missing.stream()
                .map(t -> t.program() + " (Debian package " + t.debianPackage() + ")")
                .collect(Collectors.joining(", "))
            + "; install them in the build root (the host's, or the build pipeline's)",
        missing);
  }

  /** Missing in the tree that {@code stage} works on. */
  public static ToolMissingException inTree(String stage, List<HostTool> missing) {
    return new ToolMissingException(
        Place.TREE,
        stage
            + " needs "
            + programs(missing)
            + " in the tree (package "
            + String.join(", ", packages(missing))
            + "): install it in an earlier stage",
        missing);
  }

  public Place place() {
    return place;
  }

  public List<HostTool> missing() {
    return missing;
  }

  /** The Debian packages to install, each once, in a stable order. */
  public List<String> packages() {
    return packages(missing);
  }

  private static String programs(List<HostTool> tools) {
    return tools.stream().map(HostTool::program).collect(Collectors.joining(", "));
  }

  private static List<String> packages(List<HostTool> tools) {
    return tools.stream().map(HostTool::debianPackage).distinct().sorted().toList();
  }
}
