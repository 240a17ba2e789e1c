package org.osbuildj.examples.foreign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.isolation.linux.NamespaceIsolation;

/**
 * Skips a test class unless this host can build an arm64 tree (root, mmdebstrap, qemu-user-static),
 * opens the shared {@link Arm64Tree} once per run, and checks that the class left the host's
 * mounts, loop devices and binfmt_misc registrations as it found them.
 */
public final class Arm64TreeExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(Arm64TreeExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    assumeTrue(TreeFixtures.runningAsRoot(), "building an arm64 tree needs root");
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/mmdebstrap")),
        "building Debian trees needs mmdebstrap: apt-get install mmdebstrap");
    assumeTrue(
        Files.exists(Path.of("/usr/share/binfmts/qemu-aarch64")),
        "running arm64 programs needs QEMU: apt-get install qemu-user-static");
    assumeTrue(
        NamespaceIsolation.isAvailable(),
        () ->
            "the namespace isolation is not available: "
                + NamespaceIsolation.unavailability().orElse(""));
    context.getStore(NAMESPACE).put("host", hostState());
    tree(context);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    Object before = context.getStore(NAMESPACE).get("host");
    if (before != null) {
      assertThat(hostState())
          .as("the host's mounts, loop devices and binfmt_misc after the class")
          .isEqualTo(before);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Arm64Tree.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return tree(context);
  }

  /** The shared tree, built (or taken from its store) on first use in the run. */
  public static Arm64Tree tree(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            Arm64Tree.class,
            type -> {
              try {
                return Arm64Tree.open();
              } catch (Exception e) {
                throw new IllegalStateException(
                    "cannot build the shared arm64 tree: " + e.getMessage(), e);
              }
            },
            Arm64Tree.class);
  }

  /**
   * The host's mount table, loop devices and binfmt_misc's qemu-aarch64 entry (when binfmt_misc is
   * mounted on the host), as lines.
   */
  static List<String> hostState() throws Exception {
    List<String> lines =
        new ArrayList<>(
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
    Path entry = Path.of("/proc/sys/fs/binfmt_misc/qemu-aarch64");
    lines.add(
        "binfmt_misc qemu-aarch64: "
            + (Files.exists(entry) ? Files.readString(entry) : "not registered on the host"));
    return lines;
  }
}
