package org.osbuildj.examples.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.isolation.linux.NamespaceIsolation;

/**
 * Skips a test class unless this host can build Debian trees, opens the shared {@link DebianTrees}
 * once per run (in the root context's store, closed when the run ends), and checks that the class
 * left the host's mounts and loop devices as it found them.
 */
public final class DebianTreesExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(DebianTreesExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    assumeTrue(
        TreeFixtures.runningAsRoot(),
        "building Debian trees needs root (useradd, dpkg and mounts in a chroot)");
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/mmdebstrap")),
        "building Debian trees needs mmdebstrap: apt-get install mmdebstrap");
    assumeTrue(
        NamespaceIsolation.isAvailable(),
        () ->
            "the namespace isolation is not available: "
                + NamespaceIsolation.unavailability().orElse(""));
    context.getStore(NAMESPACE).put("host", hostState());
    trees(context);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    List<String> before =
        context.getStore(NAMESPACE).get("host", List.class) == null
            ? null
            : castList(context.getStore(NAMESPACE).get("host", List.class));
    if (before != null) {
      assertThat(hostState())
          .as("the host's mounts and loop devices after the class")
          .isEqualTo(before);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DebianTrees.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return trees(context);
  }

  private static DebianTrees trees(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            DebianTrees.class,
            type -> {
              try {
                return DebianTrees.open();
              } catch (Exception e) {
                throw new IllegalStateException(
                    "cannot build the shared Debian base tree: " + e.getMessage(), e);
              }
            },
            DebianTrees.class);
  }

  @SuppressWarnings("unchecked")
  private static List<String> castList(List<?> list) {
    return (List<String>) list;
  }

  /** The host's mount table and loop devices, as lines. */
  static List<String> hostState() throws Exception {
    List<String> lines =
        new java.util.ArrayList<>(
            Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
                .map(line -> line.replaceFirst("^\\d+ \\d+ ", ""))
                .sorted()
                .toList());
    Process losetup = new ProcessBuilder("losetup", "-a").redirectErrorStream(true).start();
    lines.addAll(
        new String(losetup.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .sorted()
            .toList());
    losetup.waitFor();
    return lines;
  }
}
