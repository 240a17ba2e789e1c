package org.osbuildj.isolation.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.IsolationException;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.isolation.testing.RootTest;
import org.osbuildj.isolation.testing.TinyTree;

@RootTest
class TreeAndBuildRootTest {
  @TempDir Path scratch;
  private NamespaceIsolation isolation;

  @BeforeEach
  void createIsolation() {
    isolation = NamespaceIsolation.create();
  }

  private static SandboxSpec stage(Path tree) {
    return SandboxSpec.forStage(new TreeMount.Directory(tree), line -> {});
  }

  private static Set<String> listing(Path dir) throws Exception {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .map(p -> p.getFileName().toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void aCommandInTheTreeRunsChrootedThereAsPidOneWithProcDevAndSys() throws Exception {
    Path tree = TinyTree.programsOnly(scratch.resolve("tree"));

    List<String> out =
        isolation.run(
            stage(tree),
            sandbox ->
                sandbox
                    .execInTree(
                        Command.of(
                            "/bin/sh",
                            "-c",
                            "cat /etc/os-name; echo $$; test -c /dev/null && echo dev; test -r /proc/self/status && echo proc;"
                                + " ls /sys/class/net"))
                    .orThrow()
                    .outputTail());

    assertThat(out).containsExactly(TinyTree.NAME, "1", "dev", "proc", "lo");
  }

  @Test
  void nothingStaysMountedOrCreatedInTheTreeAfterACommandInIt() throws Exception {
    Path tree = TinyTree.programsOnly(scratch.resolve("tree"));
    Set<String> before = listing(tree);

    List<String> mountsInTree =
        isolation.run(
            stage(tree),
            sandbox -> {
              sandbox.execInTree(Command.of("/bin/true")).orThrow();
              String treePath = sandbox.tree() + "/";
              return Files.readAllLines(Path.of("/proc/thread-self/mountinfo")).stream()
                  .filter(line -> line.contains(treePath))
                  .toList();
            });

    assertThat(mountsInTree).isEmpty();
    assertThat(listing(tree)).isEqualTo(before);
  }

  @Test
  void aTreeWhoseDevIsASymlinkIsNotEntered() throws Exception {
    Path tree = TinyTree.programsOnly(scratch.resolve("tree"));
    Files.createSymbolicLink(tree.resolve("dev"), Path.of("etc"));

    assertThatThrownBy(
            () ->
                isolation.run(stage(tree), sandbox -> sandbox.execInTree(Command.of("/bin/true"))))
        .isInstanceOf(IsolationException.class)
        .hasMessageContaining("/dev in it is a symlink");
  }

  @Test
  void aBuildRootTreeIsTheReadOnlyRootOfTheStagesCommands() throws Exception {
    Path root = TinyTree.buildRoot(scratch.resolve("root"));
    Path tree = Files.createDirectory(scratch.resolve("tree"));

    List<String> out =
        isolation.run(
            stage(tree).withBuildRoot(new TreeMount.Directory(root)),
            sandbox ->
                sandbox
                    .exec(
                        Command.of(
                            "/bin/sh",
                            "-c",
                            "cat /etc/os-name; touch /etc/x 2>/dev/null; echo $?;"
                                + " echo built > /run/osbuild/tree/file"))
                    .orThrow()
                    .outputTail());

    assertThat(out).containsExactly(TinyTree.NAME, "1");
    assertThat(root.resolve("etc/x")).doesNotExist();
    assertThat(tree.resolve("file")).hasContent("built");
  }

  @Test
  void aStageWithTheNetworkInABuildRootTreeResolvesNamesAsTheHostDoesAndTheTreeStaysAsItWas()
      throws Exception {
    Path root = TinyTree.buildRoot(scratch.resolve("root"));
    // As systemd's images have it: a link to a resolver the sandbox does not run.
    Files.createSymbolicLink(
        root.resolve("etc/resolv.conf"), Path.of("../run/systemd/resolve/stub-resolv.conf"));
    Path tree = Files.createDirectory(scratch.resolve("tree"));
    String script =
        "cat /etc/resolv.conf /etc/hosts; cat /etc/os-name; echo x > /etc/resolv.conf; echo $?";

    List<String> withNetwork =
        isolation.run(
            stage(tree).withBuildRoot(new TreeMount.Directory(root)).withNetwork(true),
            sandbox -> sandbox.exec(Command.of("/bin/sh", "-c", script)).orThrow().outputTail());
    List<String> withoutNetwork =
        isolation.run(
            stage(tree).withBuildRoot(new TreeMount.Directory(root)),
            sandbox ->
                sandbox
                    .exec(Command.of("/bin/sh", "-c", "cat /etc/resolv.conf 2>/dev/null; echo $?"))
                    .orThrow()
                    .outputTail());

    List<String> expected = new ArrayList<>();
    expected.addAll(Files.readAllLines(Path.of("/etc/resolv.conf")));
    expected.addAll(Files.readAllLines(Path.of("/etc/hosts")));
    expected.add(TinyTree.NAME);
    expected.add("/bin/sh: can't create /etc/resolv.conf: Read-only file system");
    expected.add("1");
    assertThat(withNetwork).containsExactlyElementsOf(expected);
    assertThat(withoutNetwork).containsExactly("1");
    assertThat(Files.readSymbolicLink(root.resolve("etc/resolv.conf")))
        .isEqualTo(Path.of("../run/systemd/resolve/stub-resolv.conf"));
    assertThat(root.resolve("etc/hosts")).doesNotExist();
  }

  @Test
  void aBuildRootWithoutTheDirectoriesToMountOnIsRefused() throws Exception {
    Path root = TinyTree.programsOnly(scratch.resolve("root"));

    assertThatThrownBy(
            () ->
                isolation.run(
                    stage(scratch).withBuildRoot(new TreeMount.Directory(root)), sandbox -> 0))
        .isInstanceOf(IsolationException.class)
        .hasMessageContaining("the build root has no directory /dev");
  }

  @Test
  void aBuildRootWhoseMountPointLiesBehindASymlinkIsRefused() throws Exception {
    Path root = TinyTree.programsOnly(scratch.resolve("root"));
    for (String dir : List.of("dev", "proc", "sys", "tmp", "run", "etc/tmp")) {
      Files.createDirectories(root.resolve(dir));
    }
    Files.createSymbolicLink(root.resolve("var"), Path.of("etc"));

    assertThatThrownBy(
            () ->
                isolation.run(
                    stage(scratch).withBuildRoot(new TreeMount.Directory(root)), sandbox -> 0))
        .isInstanceOf(IsolationException.class)
        .hasMessageContaining("the build root's /var/tmp lies behind a symlink");
  }

  @Test
  void aWritableOverlayTreeKeepsChangesInItsUpperDirectory() throws Exception {
    Path lower = Files.createDirectory(scratch.resolve("lower"));
    Path upper = Files.createDirectory(scratch.resolve("upper"));
    Path work = Files.createDirectory(scratch.resolve("work"));
    Files.writeString(lower.resolve("base"), "from the layer");
    SandboxSpec spec =
        SandboxSpec.forStage(new TreeMount.Overlay(List.of(lower), upper, work), line -> {});

    List<String> out =
        isolation.run(
            spec,
            sandbox ->
                sandbox
                    .exec(
                        Command.of(
                            "/bin/sh",
                            "-c",
                            "cat /run/osbuild/tree/base; echo; echo new > /run/osbuild/tree/added"))
                    .orThrow()
                    .outputTail());

    assertThat(out).containsExactly("from the layer");
    assertThat(upper.resolve("added")).hasContent("new");
    assertThat(lower.resolve("added")).doesNotExist();
  }

  @Test
  void anOverlayWithoutUpperDirectoryIsReadOnlyWithEveryLayerVisible() throws Exception {
    Path top = Files.createDirectory(scratch.resolve("top"));
    Path bottom = Files.createDirectory(scratch.resolve("bottom"));
    Files.writeString(top.resolve("a"), "top");
    Files.writeString(bottom.resolve("a"), "hidden");
    Files.writeString(bottom.resolve("b"), "bottom");
    SandboxSpec spec =
        SandboxSpec.forStage(new TreeMount.Overlay(List.of(top, bottom), null, null), line -> {});

    List<String> out =
        isolation.run(
            spec,
            sandbox ->
                sandbox
                    .exec(
                        Command.of(
                            "/bin/sh",
                            "-c",
                            "cd /run/osbuild/tree && cat a b; echo; touch c 2>/dev/null; echo $?"))
                    .orThrow()
                    .outputTail());

    assertThat(out).containsExactly("topbottom", "1");
  }

  @Test
  void anAssemblerSeesAWritableOverlayReadOnlyWithItsUpperDirectoryOnTop() throws Exception {
    Path lower = Files.createDirectory(scratch.resolve("lower"));
    Path upper = Files.createDirectory(scratch.resolve("upper"));
    Path work = Files.createDirectory(scratch.resolve("work"));
    Path output = Files.createDirectory(scratch.resolve("output"));
    Files.writeString(lower.resolve("a"), "old");
    Files.writeString(upper.resolve("a"), "new");
    SandboxSpec spec =
        SandboxSpec.forAssembler(
            new TreeMount.Overlay(List.of(lower), upper, work), output, l -> {});

    List<String> out =
        isolation.run(
            spec,
            sandbox ->
                sandbox
                    .exec(
                        Command.of(
                            "/bin/sh",
                            "-c",
                            "cat /run/osbuild/tree/a; echo; touch /run/osbuild/tree/b 2>/dev/null; echo $?"))
                    .orThrow()
                    .outputTail());

    assertThat(out).containsExactly("new", "1");
    assertThat(listing(work)).isEmpty();
  }
}
