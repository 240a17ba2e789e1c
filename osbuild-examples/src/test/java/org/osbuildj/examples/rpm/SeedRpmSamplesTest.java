package org.osbuildj.examples.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.host.Host;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.examples.samples.Samples;
import org.osbuildj.isolation.libc.SecurityLabels;

/**
 * The osbuild seed's own samples that install RPM packages (test resources {@code seed/}, copied
 * unchanged from osbuild at commit 9371eb9), built through the launcher with only their
 * repositories changed to the test's {@link TestRpmRepository}, whose stand-ins carry the names the
 * samples install ({@code @Core}, {@code selinux-policy-targeted}, {@code grub2-pc}, {@code dnf},
 * {@code systemd}); and this project's {@code samples/rpm-*.json}, which mirror them.
 *
 * <p>Besides the repositories, one more thing is changed, because it must be: the seed's samples
 * after {@code base.json} start from a stored tree ({@code base}) named by the seed's ids, which
 * are not this project's (README: "Ids are not the seed's"); each gets the id here of the tree of
 * the sample it continues: base, then locale, then grub2, then selinux, then qcow2. (The seed's own
 * {@code base} ids do not come out of its own id scheme for these samples, so that order is read
 * from their names.)
 *
 * <p>Every tree is built once, into one store, and shared by the tests.
 */
@Tag("root")
@Tag("e2e")
class SeedRpmSamplesTest {
  private static final String DBPATH = "/usr/lib/sysimage/rpm";
  private static final String UUID = "76a22bf4-f153-4541-b6c7-0332c0dfaeac";

  /** What the seed's base.json installs, as the test's repository resolves it. */
  private static final List<String> BASE_PACKAGES =
      Stream.concat(
              TestRpmRepository.CORE.stream(), Stream.of("selinux-policy-targeted", "grub2-pc"))
          .sorted()
          .toList();

  @TempDir static Path work;
  private static TestRpmRepository repository;
  private static Path store;

  /** The tree id here of each seed sample built so far, by file name. */
  private static final Map<String, String> treeIds = new HashMap<>();

  @BeforeAll
  static void buildTheRepository() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Host.isRoot(), "needs root");
    repository = TestRpmRepository.create(work.resolve("packages"));
    store = work.resolve("store");
  }

  @AfterAll
  static void stopServing() {
    if (repository != null) repository.close();
  }

  @Test
  void theSeedsBaseSampleInstallsCoreTheSelinuxPolicyAndGrubFromTheGroupAndPackagesItNames()
      throws Exception {
    Path tree = seedTree("base.json", null);

    assertThat(installed(tree)).isEqualTo(BASE_PACKAGES);
    assertThat(rpmQuery(tree, "-q", "kernel")).isEqualTo("kernel-5.0.9-301.fc30.noarch\n");
    assertThat(tree.resolve("boot/vmlinuz-" + TestRpmRepository.KERNEL)).isRegularFile();
    assertThat(tree.resolve("etc/selinux/targeted/contexts/files/file_contexts"))
        .as("the file the seed's selinux sample labels the tree with")
        .isRegularFile();
  }

  @Test
  void theSeedsBuildFromYumSampleInstallsDnfAndSystemdThroughDnf() throws Exception {
    Path tree = seedTree("build-from-yum.json", null);

    assertThat(installed(tree)).containsExactly("dnf", "systemd", "test-filesystem");
  }

  @Test
  void theSeedsLocaleSampleOnTheBaseTreeSetsLang() throws Exception {
    Path tree = seedTree("base-with-locale.json", "base.json");

    assertThat(tree.resolve("etc/locale.conf")).hasContent("LANG=en_US\n");
    assertThat(installed(tree)).isEqualTo(BASE_PACKAGES);
  }

  @Test
  void theSeedsGrub2SampleOnTheLocaleTreeBootsTheKernelFromTheRootFilesystemItNames()
      throws Exception {
    Path tree = seedTree("base-with-grub2.json", "base-with-locale.json");

    String kernel = TestRpmRepository.KERNEL;
    assertThat(Files.readString(tree.resolve("boot/grub/grub.cfg")))
        .as("the seed wrote a BLS grub.cfg in /boot/grub2; here one that boots the tree's kernel")
        .isEqualTo(
            "# written by org.osbuild.grub2\nset default=0\nset timeout=1\n"
                + "insmod part_msdos\ninsmod part_gpt\ninsmod ext2\n"
                + "search --no-floppy --fs-uuid --set=root "
                + UUID
                + "\nmenuentry 'Debian GNU/Linux, with Linux "
                + kernel
                + "' {\n  linux /boot/vmlinuz-"
                + kernel
                + " root=UUID="
                + UUID
                + " ro\n}\n");
    assertThat(Files.readString(tree.resolve("etc/default/grub")))
        .isEqualTo("GRUB_DEFAULT=\"0\"\nGRUB_TIMEOUT=\"1\"\nGRUB_CMDLINE_LINUX=\"\"\n");
    assertThat(tree.resolve("etc/locale.conf")).hasContent("LANG=en_US\n");
  }

  @Test
  void theSeedsSelinuxSampleOnTheGrub2TreeLabelsEveryFileFromThePolicysFileContexts()
      throws Exception {
    Path tree = seedTree("base-with-selinux.json", "base-with-grub2.json");

    // The stand-in policy's file_contexts: /etc, /bin, /usr and /boot by their own rules, the rest
    // default_t (the last matching rule wins, as in libselinux).
    assertThat(label(tree, "etc/locale.conf")).isEqualTo("system_u:object_r:etc_t:s0");
    assertThat(label(tree, "boot/vmlinuz-" + TestRpmRepository.KERNEL))
        .isEqualTo("system_u:object_r:boot_t:s0");
    assertThat(label(tree, "usr")).isEqualTo("system_u:object_r:usr_t:s0");
    assertThat(label(tree, "var")).isEqualTo("system_u:object_r:default_t:s0");
    List<String> unlabelled = new ArrayList<>();
    try (Stream<Path> all = Files.walk(tree)) {
      for (Path path : all.toList()) {
        if (label(tree, tree.relativize(path).toString()).isEmpty())
          unlabelled.add(path.toString());
      }
    }
    assertThat(unlabelled).as("entries with no security.selinux label").isEmpty();
  }

  /** The entry's security.selinux label (of a link itself, not its target), or "" for none. */
  private static String label(Path tree, String path) {
    return SecurityLabels.read(tree.resolve(path))
        .map(value -> new String(value, StandardCharsets.UTF_8))
        .map(text -> text.endsWith("\0") ? text.substring(0, text.length() - 1) : text)
        .orElse("");
  }

  @Test
  void theSeedsQcow2SampleAssemblesADiskFromTheSelinuxTree() throws Exception {
    seedTree("base-with-selinux.json", "base-with-grub2.json");
    Path out = work.resolve("out-base-qcow2");

    build(rewrite("base-qcow2.json", "base-with-selinux.json"), out);

    Path disk = out.resolve("base.qcow2");
    assertThat(disk).isNotEmptyFile();
    assertThat(run(List.of("qemu-img", "info", "--output=json", disk.toString())))
        .contains("\"format\": \"qcow2\"");
  }

  @Test
  void theRpmSamplesEachExtendTheOneBeforeAndBuildFromTheRepositoryTheirVariableNames()
      throws Exception {
    List<String> chain =
        List.of(
            "rpm-base.json",
            "rpm-with-locale.json",
            "rpm-with-grub2.json",
            "rpm-with-selinux.json",
            "rpm-qcow2.json");
    for (int i = 1; i < chain.size(); i++) {
      List<String> before = Manifest.read(sample(chain.get(i - 1))).stageIds();
      assertThat(Manifest.read(sample(chain.get(i))).stageIds())
          .as(chain.get(i) + " starts with the stages of " + chain.get(i - 1))
          .startsWith(before.toArray(String[]::new));
    }
    Path rpmStore = work.resolve("rpm-samples-store");
    Path out = work.resolve("out-rpm-qcow2");
    Samples.buildInNewProcess(
        List.of("env", "DNF_VAR_rpm_repo=" + repository.url()),
        rpmStore,
        out,
        sample("rpm-qcow2.json"),
        "--export",
        "tree");

    Path tree = out.resolve("tree");
    List<String> packages = new ArrayList<>(BASE_PACKAGES);
    packages.addAll(List.of("gpg-pubkey", "hello", "hello-lib"));
    assertThat(installed(tree)).isEqualTo(packages.stream().sorted().toList());
    assertThat(tree.resolve("etc/locale.conf")).hasContent("LANG=en_US\n");
    assertThat(tree.resolve("boot/grub/grub.cfg").toFile())
        .content()
        .contains("linux /boot/vmlinuz-" + TestRpmRepository.KERNEL + " root=UUID=" + UUID);
    assertThat(label(tree, "etc/locale.conf")).isEqualTo("system_u:object_r:etc_t:s0");
    assertThat(
            run(List.of("qemu-img", "info", "--output=json", out.resolve("rpm.qcow2").toString())))
        .contains("\"format\": \"qcow2\"");
  }

  /**
   * Builds the seed's sample (once), with its base the tree of the sample {@code after} (or none),
   * exporting its tree.
   */
  private static synchronized Path seedTree(String file, String after) throws Exception {
    Path out = work.resolve("out-" + file.replace(".json", ""));
    if (!treeIds.containsKey(file)) {
      Path manifest = rewrite(file, after);
      build(manifest, out);
      treeIds.put(file, Manifest.read(manifest).treeId().orElseThrow());
    }
    return out.resolve("tree");
  }

  private static void build(Path manifest, Path out) {
    Samples.build(store, out, manifest, "--export", "tree");
  }

  /**
   * The seed's sample with its repositories the test's (baseurl and key; every other setting, the
   * release and the packages as they are), and its base the tree of {@code after}.
   */
  static Path rewrite(String file, String after) throws Exception {
    JsonNode seed =
        Json.mapper()
            .readTree(SeedRpmSamplesTest.class.getResourceAsStream("/seed/" + file).readAllBytes());
    ObjectNode manifest = (ObjectNode) seed.deepCopy();
    rewriteRepositories(manifest, repository.url(), repository.keyUrl());
    if (after != null) {
      if (!treeIds.containsKey(after)) seedTree(after, previous(after));
      manifest.put("base", treeIds.get(after));
    }
    return Files.writeString(work.resolve("seed-" + file), Json.pretty(manifest));
  }

  private static String previous(String file) {
    return switch (file) {
      case "base-with-locale.json" -> "base.json";
      case "base-with-grub2.json" -> "base-with-locale.json";
      case "base-with-selinux.json" -> "base-with-grub2.json";
      default -> null;
    };
  }

  /** Every dnf and yum stage's repositories, in the pipeline and its build pipelines. */
  static void rewriteRepositories(ObjectNode pipeline, String url, String keyUrl) {
    for (JsonNode stage : pipeline.path("stages")) {
      String name = stage.path("name").asText();
      if (!name.equals("org.osbuild.dnf") && !name.equals("org.osbuild.yum")) continue;
      stage
          .path("options")
          .path("repos")
          .forEach(
              repo -> {
                ObjectNode settings = (ObjectNode) repo;
                settings.remove(List.of("metalink", "mirrorlist", "baseurl"));
                settings.put("baseurl", url);
                if (settings.has("gpgkey")) settings.put("gpgkey", keyUrl);
              });
    }
    if (pipeline.get("build") instanceof ObjectNode build) {
      rewriteRepositories(build, url, keyUrl);
    }
  }

  private static Path sample(String name) {
    return Path.of("samples", name).toAbsolutePath();
  }

  private static List<String> installed(Path tree) throws Exception {
    return Arrays.stream(rpmQuery(tree, "-qa", "--qf", "%{NAME}\\n").split("\n"))
        .filter(s -> !s.isBlank())
        .sorted()
        .toList();
  }

  private static String rpmQuery(Path tree, String... args) throws Exception {
    List<String> argv =
        new ArrayList<>(List.of("rpm", "--root", tree.toString(), "--dbpath", DBPATH));
    argv.addAll(List.of(args));
    return run(argv);
  }

  private static String run(List<String> argv) throws Exception {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) throw new AssertionError(String.join(" ", argv) + ":\n" + out);
    return out;
  }
}
