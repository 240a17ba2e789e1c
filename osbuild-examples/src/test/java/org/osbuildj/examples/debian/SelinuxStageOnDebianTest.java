package org.osbuildj.examples.debian;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.assemblers.Assemblers;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.isolation.libc.SecurityLabels;

/**
 * {@code org.osbuild.selinux} on the shared bookworm tree with Debian's real policy installed in it
 * ({@code selinux-policy-default}): the build root is the host, whose {@code setfiles} computes the
 * labels in the sandbox from the tree's {@code file_contexts}. Every entry must carry exactly the
 * label the real {@code setfiles -F}, run as the host's root on a copy of the same tree, gives it,
 * and the labels must reach the tar assembler's archive and the ext4 image.
 */
@DebianTreeTest
class SelinuxStageOnDebianTest {
  static final String FILE_CONTEXTS = "etc/selinux/default/contexts/files/file_contexts";
  private static Path scratch;

  @BeforeAll
  static void scratch() throws IOException {
    scratch = Files.createTempDirectory(Path.of("/var/tmp"), "selinux-stage-test-");
  }

  @AfterAll
  static void removeScratch() throws Exception {
    run("rm", "-rf", "--one-file-system", scratch.toString());
  }

  private static Pipeline labelled(DebianTrees trees) {
    return trees.onBase(
        Stages.apt("selinux-policy-default", "policycoreutils"), Stages.selinux(FILE_CONTEXTS));
  }

  @Test
  void everyEntryCarriesTheLabelTheRealSetfilesGivesIt(DebianTrees trees) throws Exception {
    Path tree = trees.build(labelled(trees));
    Map<String, Optional<String>> labels = labels(tree);

    // The reference: the real setfiles, as the host's root, on a copy without any label.
    Path copy = scratch.resolve("reference");
    run("cp", "-a", "--no-preserve=xattr", tree.toString(), copy.toString());
    assertThat(labels(copy).values()).allMatch(Optional::isEmpty);
    run(
        "setfiles",
        "-F",
        "-r",
        copy.toString(),
        copy.resolve(FILE_CONTEXTS).toString(),
        copy.toString());

    assertThat(labels).isEqualTo(labels(copy));
    assertThat(labels)
        .containsEntry("/", Optional.of("system_u:object_r:root_t:s0"))
        .containsEntry("/etc/shadow", Optional.of("system_u:object_r:shadow_t:s0"))
        .containsEntry("/etc/passwd", Optional.of("system_u:object_r:etc_t:s0"))
        .containsEntry("/usr/bin/ls", Optional.of("system_u:object_r:bin_t:s0"))
        .containsEntry("/usr/bin/bash", Optional.of("system_u:object_r:shell_exec_t:s0"))
        .containsEntry("/usr/lib/systemd/systemd", Optional.of("system_u:object_r:init_exec_t:s0"))
        .containsEntry("/usr/sbin/setfiles", Optional.of("system_u:object_r:setfiles_exec_t:s0"))
        .containsEntry("/root", Optional.of("unconfined_u:object_r:user_home_dir_t:s0"))
        .containsEntry("/" + FILE_CONTEXTS, Optional.of("system_u:object_r:file_context_t:s0"));
    // Links are labelled themselves (usrmerge's /bin -> usr/bin, /lib64 -> usr/lib64).
    assertThat(tree.resolve("bin")).isSymbolicLink();
    assertThat(labels).containsEntry("/bin", Optional.of("system_u:object_r:bin_t:s0"));
    assertThat(labels).containsEntry("/lib64", Optional.of("system_u:object_r:lib_t:s0"));
    // Unlabelled: what the policy marks <<none>> (/run/.*, /tmp/.*, /var/tmp/.*, /var/lock/.*),
    // and /proc itself, which libselinux never labels (a booted system mounts procfs there).
    List<String> unlabelled =
        labels.entrySet().stream()
            .filter(e -> e.getValue().isEmpty())
            .map(Map.Entry::getKey)
            .toList();
    assertThat(unlabelled)
        .contains("/proc")
        .allMatch(
            path -> path.equals("/proc") || path.matches("/(run|tmp|var/tmp|var/lock)/.+"),
            "/proc or under a directory whose contents the policy leaves alone");
    assertThat(labels.size() - unlabelled.size()).isGreaterThan(5000);
  }

  @Test
  void theLabelsAreKeptInTheTarArchive(DebianTrees trees) throws Exception {
    Pipeline pipeline = labelled(trees).toBuilder().assembler(Assemblers.tar("root.tar")).build();
    Path output = scratch.resolve("tar-output");
    trees.osbuild().build(pipeline, output);
    Path tree = trees.build(labelled(trees));

    String listing = runOutput("tar", "--selinux", "-tvvf", output.resolve("root.tar").toString());
    assertThat(listing)
        .contains("./etc/shadow\n  s: system_u:object_r:shadow_t:s0\n")
        .contains("./usr/bin/bash\n  s: system_u:object_r:shell_exec_t:s0\n");

    // Extracted as the host's root with its SELinux records, every entry has the tree's label.
    Path extracted = Files.createDirectory(scratch.resolve("extracted"));
    run(
        "tar",
        "--selinux",
        "--xattrs",
        "--xattrs-include=*",
        "--numeric-owner",
        "-xpf",
        output.resolve("root.tar").toString(),
        "-C",
        extracted.toString());
    assertThat(labels(extracted)).isEqualTo(labels(tree));
  }

  @Test
  void theLabelsAreKeptInTheExt4Image(DebianTrees trees) throws Exception {
    Pipeline pipeline =
        labelled(trees).toBuilder()
            .assembler(
                Assemblers.rawfs(
                    "root.ext4",
                    UUID.fromString("6e2c3c2e-58f0-4b8e-9f0b-5e1a3c6d7a01"),
                    DataSize.ofGiB(2)))
            .build();
    Path output = scratch.resolve("ext4-output");
    trees.osbuild().build(pipeline, output);
    Path image = output.resolve("root.ext4");
    Path tree = trees.build(labelled(trees));

    Map<String, Optional<String>> labels = labels(tree);
    Path value = scratch.resolve("value");
    for (String path :
        List.of(
            "/",
            "/etc/shadow",
            "/usr/bin/bash",
            "/usr/bin/ls",
            "/bin",
            "/root",
            "/usr/lib/systemd/systemd")) {
      Files.deleteIfExists(value);
      // ea_get -f writes the attribute's value byte for byte.
      run(
          "debugfs",
          "-R",
          "ea_get -f " + value + " " + path + " security.selinux",
          image.toString());
      assertThat(Files.readAllBytes(value))
          .as(path)
          .isEqualTo((labels.get(path).orElseThrow() + "\0").getBytes(US_ASCII));
    }
  }

  /** Every entry's label (its text without the final NUL), by its path in the tree. */
  static Map<String, Optional<String>> labels(Path tree) throws IOException {
    Map<String, Optional<String>> labels = new TreeMap<>();
    try (Stream<Path> entries = Files.walk(tree)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String path = "/" + tree.relativize(entry);
        labels.put(
            path,
            SecurityLabels.read(entry)
                .map(
                    value -> {
                      assertThat(value).as(path + " ends with one NUL").endsWith(0);
                      return new String(value, 0, value.length - 1, US_ASCII);
                    }));
      }
    }
    return labels;
  }

  private static void run(String... argv) throws Exception {
    runOutput(argv);
  }

  private static String runOutput(String... argv) throws Exception {
    Process process =
        new ProcessBuilder(new ArrayList<>(List.of(argv))).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", argv) + ":\n" + output).isZero();
    return output;
  }
}
