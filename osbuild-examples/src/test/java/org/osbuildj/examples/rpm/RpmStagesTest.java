package org.osbuildj.examples.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.host.Host;
import org.osbuildj.examples.samples.Samples;

/**
 * {@code org.osbuild.dnf} and {@code org.osbuild.yum} against a real repository the test builds
 * (rpmbuild, createrepo_c, a throwaway GPG key) and serves over HTTP, through the launcher with the
 * namespace isolation: the tree's own rpm database, a scriptlet run inside the tree, GPG checking,
 * and an offline rebuild from the store's package cache with the same packages.
 */
@Tag("root")
@Tag("e2e")
class RpmStagesTest {
  private static final String DBPATH = "/usr/lib/sysimage/rpm";

  @TempDir static Path shared;
  private static TestRpmRepository repository;

  @TempDir Path work;

  @BeforeAll
  static void buildTheRepository() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Host.isRoot(), "needs root");
    repository = TestRpmRepository.create(shared.resolve("packages"));
  }

  @AfterAll
  static void stopServing() {
    if (repository != null) repository.close();
  }

  private String manifest(String stage, boolean gpgcheck, String... packages) {
    String list = String.join("\", \"", packages);
    return """
        {"stages": [{"name": "%s", "options": {
           "releasever": "1",
           "repos": {"test": {"name": "osbuild-java test", "baseurl": "%s",
                              "gpgcheck": %s, "gpgkey": "%s"}},
           "packages": ["%s"]}}]}
        """
        .formatted(stage, repository.url(), gpgcheck, repository.keyUrl(), list);
  }

  @Test
  void dnfInstallsSignedPackagesWithTheirDependencyIntoTheTreesOwnDatabaseAndRunsTheScriptlet()
      throws Exception {
    Path store = work.resolve("store");
    Path manifest =
        Files.writeString(work.resolve("dnf.json"), manifest("org.osbuild.dnf", true, "hello"));

    String log = launch(store, work.resolve("out"), manifest);

    Path tree = work.resolve("out/tree");
    assertThat(installed(tree))
        .containsExactlyInAnyOrder(
            "test-filesystem", "test-shell", "hello-lib", "hello", "gpg-pubkey");
    assertThat(tree.resolve("etc/hello-post"))
        .as("hello's %post ran with the tree as its root")
        .hasContent("posted in a root with hello");
    assertThat(tree.resolve("usr/share/hello/lib")).hasContent("lib");
    assertThat(tree.resolve("var/cache/dnf"))
        .as("dnf's cache stays out of the image")
        .doesNotExist();
    assertThat(tree.resolve("root/.rpmdb")).doesNotExist();
    assertThat(log).contains("org.osbuild.dnf");

    // A store with no trees, only the first one's package cache, and no network at all.
    Path cold = work.resolve("cold");
    Samples.copyDirectory(store.resolve("caches"), cold.resolve("caches"));
    String offline =
        Samples.buildInNewProcess(
            List.of("unshare", "--net"), cold, work.resolve("again"), manifest, "--export", "tree");
    assertThat(offline).contains("stage 1/1 org.osbuild.dnf: done in");
    assertThat(installed(work.resolve("again/tree"))).isEqualTo(installed(tree));
    assertThat(
            rpmQuery(
                work.resolve("again/tree"),
                "-qa",
                "--qf",
                "%{NAME}-%{VERSION}-%{RELEASE} %{SIGMD5}\\n"))
        .isEqualTo(rpmQuery(tree, "-qa", "--qf", "%{NAME}-%{VERSION}-%{RELEASE} %{SIGMD5}\\n"));
  }

  @Test
  void anUnsignedPackageIsRefusedWhenTheRepositoryChecksSignaturesWithDnfsOwnMessage()
      throws Exception {
    Path manifest =
        Files.writeString(
            work.resolve("unsigned.json"), manifest("org.osbuild.dnf", true, "test-unsigned"));

    assertThatThrownBy(() -> launch(work.resolve("store"), work.resolve("out"), manifest))
        .hasMessageContaining("org.osbuild.dnf")
        .hasMessageContaining("test-unsigned")
        .hasMessageMatching("(?s).*(not signed|GPG check FAILED|Public key).*");
  }

  @Test
  void aMissingPackageFailsAtItsStageWithDnfsMessage() throws Exception {
    Path manifest =
        Files.writeString(
            work.resolve("missing.json"), manifest("org.osbuild.dnf", true, "no-such-package"));

    assertThatThrownBy(() -> launch(work.resolve("store"), work.resolve("out"), manifest))
        .hasMessageContaining("org.osbuild.dnf")
        .hasMessageContaining("No match for argument: no-such-package");
  }

  @Test
  void yumsOptionsRunThroughDnfAndSaySo() throws Exception {
    Path manifest =
        Files.writeString(
            work.resolve("yum.json"), manifest("org.osbuild.yum", false, "test-unsigned"));

    String log = launch(work.resolve("store"), work.resolve("out"), manifest, "-v");

    assertThat(log).contains("through dnf");
    assertThat(installed(work.resolve("out/tree"))).contains("test-unsigned", "test-filesystem");
  }

  @Test
  void theRpmBaseSampleBuildsFromTheRepositoryItsVariableNames() throws Exception {
    Path sample = Path.of("samples/rpm-base.json").toAbsolutePath();

    Samples.buildInNewProcess(
        List.of("env", "DNF_VAR_rpm_repo=" + repository.url()),
        work.resolve("store"),
        work.resolve("out"),
        sample,
        "--export",
        "tree");

    Path tree = work.resolve("out/tree");
    assertThat(installed(tree)).contains("hello", "hello-lib", "test-shell", "test-filesystem");
    assertThat(tree.resolve("etc/hostname")).hasContent("rpm-base\n");
    assertThat(work.resolve("out/rpm-base.tar.gz")).isNotEmptyFile();
  }

  private static List<String> installed(Path tree) throws Exception {
    return Arrays.stream(rpmQuery(tree, "-qa", "--qf", "%{NAME}\\n").split("\n"))
        .filter(s -> !s.isBlank())
        .sorted()
        .toList();
  }

  private static String rpmQuery(Path tree, String... args) throws Exception {
    List<String> argv =
        new java.util.ArrayList<>(List.of("rpm", "--root", tree.toString(), "--dbpath", DBPATH));
    argv.addAll(List.of(args));
    return run(argv);
  }

  /** The launcher in this JVM, exporting the finished tree to {@code out/tree}. */
  private static String launch(Path store, Path out, Path manifest, String... more) {
    List<String> options = new java.util.ArrayList<>(List.of("--export", "tree"));
    options.addAll(List.of(more));
    return Samples.build(store, out, manifest, options.toArray(String[]::new));
  }

  private static String run(List<String> argv) throws Exception {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) throw new AssertionError(String.join(" ", argv) + ":\n" + out);
    return out;
  }
}
