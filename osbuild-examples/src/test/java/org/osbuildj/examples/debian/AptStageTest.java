package org.osbuildj.examples.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.osbuildj.core.testing.TreeDiff.Change.CONTENT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.debian.AptStage;
import org.osbuildj.core.executor.StageFailedException;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.core.testing.TreeDiff;

/** {@code org.osbuild.apt} for real, with tiny packages, on the shared bookworm tree. */
@DebianTreeTest
class AptStageTest {
  private static Stage install(String... packages) {
    ObjectNode options = Json.object();
    var array = options.putArray("packages");
    for (String name : packages) array.add(name);
    return Stage.of(AptStage.NAME, options);
  }

  private static Stage purge(String... packages) {
    ObjectNode options = Json.object().put("update", false);
    var array = options.putArray("remove");
    for (String name : packages) array.add(name);
    return Stage.of(AptStage.NAME, options);
  }

  @Test
  void installingAPackageAddsItsFilesAndLeavesNoListsCachesLogsOrBuildHelpers(DebianTrees trees)
      throws Exception {
    TreeDiff diff = trees.diffFromBase(install("hello"));

    diff.assertThat()
        .added(
            "/usr/bin/hello", "/var/lib/dpkg/info/hello.list", "/var/lib/dpkg/info/hello.md5sums")
        .changed("/var/lib/dpkg/status", CONTENT)
        .afterSatisfies(
            "/var/lib/dpkg/status",
            file ->
                assertThat(file.text()).contains("Package: hello\nStatus: install ok installed\n"))
        .afterSatisfies(
            "/usr/bin/hello",
            file -> assertThat(file.modified()).isBeforeOrEqualTo(DebianTrees.EPOCH))
        .unchanged(
            "/etc/resolv.conf",
            "/usr/sbin/policy-rc.d",
            "/var/log/apt/history.log",
            "/var/log/apt/term.log",
            "/var/log/dpkg.log",
            "/var/cache/apt/pkgcache.bin",
            "/var/cache/apt/srcpkgcache.bin");
    assertThat(diff.added().keySet())
        .noneMatch(
            path ->
                path.startsWith("/var/lib/apt/lists/")
                    && !path.equals("/var/lib/apt/lists/partial"))
        .noneMatch(path -> path.startsWith("/var/cache/apt/archives/") && path.endsWith(".deb"))
        .noneMatch(path -> path.startsWith("/var/log/"));
  }

  @Test
  void aPackageWithAServiceIsInstalledWithoutStartingIt(DebianTrees trees) throws Exception {
    trees.takeLog();
    Path tree = trees.build(trees.onBase(install("cron")));
    List<String> log = trees.takeLog();

    assertThat(tree.resolve("usr/sbin/cron")).isRegularFile();
    assertThat(tree.resolve("etc/systemd/system/multi-user.target.wants/cron.service"))
        .isSymbolicLink();
    if (!log.isEmpty()) {
      // The stage ran now rather than coming from the store: its log shows the start refused.
      assertThat(log).anyMatch(line -> line.contains("policy-rc.d denied execution of start"));
    }
    assertThat(tree.resolve("usr/sbin/policy-rc.d")).doesNotExist();
    assertThat(tree.resolve("run/crond.pid")).doesNotExist();
  }

  @Test
  void removingAPackagePurgesItsFiles(DebianTrees trees) throws Exception {
    TreeDiff diff = trees.diff(List.of(install("hello")), purge("hello"));

    diff.assertThat()
        .removed(
            "/usr/bin/hello", "/var/lib/dpkg/info/hello.list", "/var/lib/dpkg/info/hello.md5sums")
        .changed("/var/lib/dpkg/status", CONTENT)
        .afterSatisfies(
            "/var/lib/dpkg/status",
            file -> assertThat(file.text()).doesNotContain("Package: hello\n"));
  }

  @Test
  void aPackageThatDoesNotExistFailsTheBuildAtThatStageWithAptsReasonAndKeepsTheEarlierStage(
      DebianTrees trees) throws Exception {
    Pipeline pipeline =
        trees.onBase(Stages.hostname("before-apt"), install("osbuildj-no-such-package"));
    String hostnameId = pipeline.stageIds().get(0);

    assertThatThrownBy(() -> trees.build(pipeline))
        .isInstanceOf(StageFailedException.class)
        .satisfies(
            e -> {
              StageFailedException failure = (StageFailedException) e;
              assertThat(failure.step().name()).isEqualTo(AptStage.NAME);
              assertThat(failure.step().id()).isEqualTo(pipeline.stageIds().get(1));
              assertThat(failure.exitStatus()).contains(100);
            })
        .hasMessageContaining("Unable to locate package osbuildj-no-such-package");
    assertThat(trees.store().contains(hostnameId)).isTrue();
    assertThat(trees.store().contains(pipeline.stageIds().get(1))).isFalse();
    assertThat(Files.readString(trees.tree(hostnameId).resolve("etc/hostname")))
        .isEqualTo("before-apt\n");
  }
}
