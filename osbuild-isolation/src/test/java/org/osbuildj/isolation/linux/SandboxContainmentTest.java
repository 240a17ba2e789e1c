package org.osbuildj.isolation.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.ExecResult;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.isolation.testing.RootTest;

@RootTest
class SandboxContainmentTest {
  @TempDir Path tree;
  @TempDir Path scratch;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private NamespaceIsolation isolation;

  @BeforeEach
  void createIsolation() {
    isolation = NamespaceIsolation.create();
  }

  private SandboxSpec stage() {
    return SandboxSpec.forStage(new TreeMount.Directory(tree), log::add);
  }

  private List<String> sh(SandboxSpec spec, String script) throws Exception {
    return isolation.run(
        spec, sandbox -> sandbox.exec(Command.of("/bin/sh", "-c", script)).orThrow().outputTail());
  }

  @Test
  void aStageCannotWriteToTheHostsEtcOrUsrOrRoot() throws Exception {
    // What is tested is the host's own directories, lent read-only: no decoy can stand in for them.
    // The attempt only ever creates a new empty file of a unique name, removed again below if the
    // lending is broken, so that a failing run leaves the host as it found it.
    String name = "osbuild-java-escape-" + UUID.randomUUID();
    List<String> dirs = List.of("/etc", "/usr", "/usr/bin", "/");
    List<String> statuses;
    List<Path> created = new java.util.ArrayList<>();
    try {
      statuses =
          sh(
              stage(),
              "for d in /etc /usr /usr/bin /; do touch $d/"
                  + name
                  + " 2>/dev/null; echo $d $?; done");
    } finally {
      for (String dir : dirs) {
        if (Files.deleteIfExists(Path.of(dir, name))) {
          created.add(Path.of(dir, name));
        }
      }
    }

    assertThat(created).as("files the stage created on the host (removed again)").isEmpty();
    assertThat(statuses).containsExactly("/etc 1", "/usr 1", "/usr/bin 1", "/ 1");
  }

  @Test
  void aStageWritesOnlyToItsOwnTmpWhichIsEmptyAndDiscarded() throws Exception {
    String name = "osbuild-java-tmp-" + UUID.randomUUID();
    List<String> listing =
        sh(
            stage(),
            "ls -A /tmp /var/tmp; touch /tmp/" + name + " /var/tmp/" + name + " && echo wrote");

    assertThat(listing).containsExactly("/tmp:", "", "/var/tmp:", "wrote");
    assertThat(Path.of("/tmp", name)).doesNotExist();
    assertThat(Path.of("/var/tmp", name)).doesNotExist();
  }

  @Test
  void aStageHasAHostnameOfItsOwnAndTheHostKeepsItsName() throws Exception {
    String hostBefore = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();

    assertThat(sh(stage(), "cat /proc/sys/kernel/hostname"))
        .containsExactly(NamespaceIsolation.HOSTNAME);
    assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip())
        .isEqualTo(hostBefore);
  }

  @Test
  void withoutNetworkAStageSeesOnlyTheLoopbackInterfaceAndItIsUp() throws Exception {
    List<String> out = sh(stage(), "ls /sys/class/net; cat /sys/class/net/lo/flags");

    assertThat(out).hasSize(2);
    assertThat(out.get(0)).isEqualTo("lo");
    assertThat(Integer.decode(out.get(1)) & 1).as("IFF_UP").isEqualTo(1);
  }

  @Test
  void withNetworkAStageSeesTheHostsInterfaces() throws Exception {
    Set<String> hostInterfaces = new TreeSet<>();
    try (var entries = Files.list(Path.of("/sys/class/net"))) {
      entries.forEach(p -> hostInterfaces.add(p.getFileName().toString()));
    }

    List<String> out = sh(stage().withNetwork(true), "ls -1 /sys/class/net");

    assertThat(new TreeSet<>(out)).isEqualTo(hostInterfaces);
  }

  @Test
  void anAssemblerReadsTheTreeButCannotChangeItAndWritesItsOutput() throws Exception {
    Files.writeString(tree.resolve("content"), "tree content");
    Path output = Files.createDirectory(scratch.resolve("output"));
    SandboxSpec spec = SandboxSpec.forAssembler(new TreeMount.Directory(tree), output, log::add);

    List<String> out =
        sh(
            spec,
            "cat /run/osbuild/tree/content; echo; touch /run/osbuild/tree/new 2>/dev/null;"
                + " echo $?; cp /run/osbuild/tree/content /run/osbuild/output/image");

    assertThat(out).containsExactly("tree content", "1");
    assertThat(tree.resolve("new")).doesNotExist();
    assertThat(output.resolve("image")).hasContent("tree content");
  }

  @Test
  void inputsAreVisibleReadOnlyUnderTheirName() throws Exception {
    Path input = Files.createDirectory(scratch.resolve("stages"));
    Files.writeString(
        input.resolve("org.osbuild.test"), "#!/bin/sh\necho external stage ran in \"$PWD\"\n");
    SandboxSpec spec = stage().withInput("stages", input);

    List<String> out =
        isolation.run(
            spec,
            sandbox -> {
              String dir = sandbox.inputInRoot("stages");
              return sandbox
                  .exec(
                      Command.of(
                              "/bin/sh",
                              "-c",
                              "sh "
                                  + dir
                                  + "/org.osbuild.test; touch "
                                  + dir
                                  + "/x 2>/dev/null; echo $?")
                          .inDirectory(dir))
                  .orThrow()
                  .outputTail();
            });

    assertThat(out).containsExactly("external stage ran in /run/osbuild/inputs/stages", "1");
    assertThat(input.resolve("x")).doesNotExist();
  }

  @Test
  void javaCodeOnTheSandboxThreadSeesTheTreeWhereOtherThreadsSeeNothing() throws Exception {
    CompletableFuture<Path> written = new CompletableFuture<>();
    CountDownLatch looked = new CountDownLatch(1);
    CompletableFuture<List<Object>> stage =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return isolation.run(
                    stage(),
                    sandbox -> {
                      Path file =
                          Files.writeString(
                              sandbox.tree().resolve("from-java"),
                              "written by the stage's Java code");
                      written.complete(file);
                      looked.await(10, TimeUnit.SECONDS);
                      String ownMounts = Files.readString(Path.of("/proc/thread-self/mountinfo"));
                      return List.of(
                          ownMounts.contains(sandbox.tree().toString()),
                          sandbox
                              .exec(Command.of("cat", "/run/osbuild/tree/from-java"))
                              .outputTail());
                    });
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            runnable -> new Thread(runnable).start());

    Path file = written.get(10, TimeUnit.SECONDS);
    boolean thisThreadSeesIt = Files.exists(file);
    looked.countDown();

    assertThat(thisThreadSeesIt).isFalse();
    assertThat(stage.get(10, TimeUnit.SECONDS))
        .containsExactly(true, List.of("written by the stage's Java code"));
    assertThat(tree.resolve("from-java")).hasContent("written by the stage's Java code");
    assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
        .doesNotContain(NamespaceIsolation.STAGING.toString());
  }

  @Test
  void theStagesJavaCodeCanStartThreadsThatShareItsView() throws Exception {
    // A thread whose children would land in another pid namespace cannot start threads at all;
    // the sandbox thread must never be one.
    boolean helperSawTree =
        isolation.run(
            stage(),
            sandbox -> {
              Path file = Files.writeString(sandbox.tree().resolve("shared"), "x");
              CompletableFuture<Boolean> helper = new CompletableFuture<>();
              Thread thread = new Thread(() -> helper.complete(Files.exists(file)));
              thread.start();
              thread.join();
              return helper.get();
            });

    assertThat(helperSawTree).isTrue();
  }

  @Test
  void aSandboxRefusesCommandsFromAnotherThread() throws Exception {
    Throwable refused =
        isolation.run(
            stage(),
            sandbox ->
                CompletableFuture.runAsync(
                        () -> {
                          try {
                            sandbox.exec(Command.of("true"));
                          } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException(e);
                          }
                        },
                        runnable -> new Thread(runnable).start())
                    .handle((ok, error) -> error)
                    .get(10, TimeUnit.SECONDS));

    assertThat(refused)
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only on the thread that runs its work");
  }

  @Test
  void twoSandboxesAtOnceNeverSeeEachOthersMountsOrTrees() throws Exception {
    Path otherTree = Files.createDirectory(scratch.resolve("other-tree"));
    Files.writeString(tree.resolve("mine"), "first");
    Files.writeString(otherTree.resolve("mine"), "second");
    CyclicBarrier bothInside = new CyclicBarrier(2);

    CompletableFuture<List<String>> first =
        CompletableFuture.supplyAsync(
            () -> whileBothInside(stage(), bothInside, otherTree),
            runnable -> new Thread(runnable).start());
    CompletableFuture<List<String>> second =
        CompletableFuture.supplyAsync(
            () ->
                whileBothInside(
                    SandboxSpec.forStage(new TreeMount.Directory(otherTree), log::add),
                    bothInside,
                    tree),
            runnable -> new Thread(runnable).start());

    assertThat(first.get(30, TimeUnit.SECONDS)).containsExactly("first", "false", "false");
    assertThat(second.get(30, TimeUnit.SECONDS)).containsExactly("second", "false", "false");
  }

  /**
   * The tree's file as a command reads it, and whether the other tree shows in either mount table.
   */
  private List<String> whileBothInside(SandboxSpec spec, CyclicBarrier bothInside, Path otherTree) {
    try {
      return isolation.run(
          spec,
          sandbox -> {
            bothInside.await(10, TimeUnit.SECONDS);
            String content =
                sandbox
                    .exec(Command.of("cat", "/run/osbuild/tree/mine"))
                    .orThrow()
                    .outputTail()
                    .get(0);
            ExecResult commandMounts =
                sandbox.exec(Command.of("cat", "/proc/self/mountinfo")).orThrow();
            String threadMounts = Files.readString(Path.of("/proc/thread-self/mountinfo"));
            bothInside.await(10, TimeUnit.SECONDS);
            return List.of(
                content,
                Boolean.toString(
                    String.join("\n", commandMounts.outputTail()).contains(otherTree.toString())),
                Boolean.toString(threadMounts.contains(otherTree.toString())));
          });
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
