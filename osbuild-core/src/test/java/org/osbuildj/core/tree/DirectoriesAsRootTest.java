package org.osbuildj.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.host.Host;
import org.osbuildj.core.testing.TreeFixtures;

/**
 * The recursive delete where only root can set the scene: as an unprivileged user (nobody, in a
 * child JVM) on read-only directories, on an immutable file, and on a tree with a filesystem
 * mounted inside it (in a child mount namespace, so the host never sees the mount).
 */
@Tag("root")
class DirectoriesAsRootTest {
  private static final int NOBODY = 65534;

  @TempDir Path base;
  private Path tree;

  @BeforeEach
  void needsRoot() throws IOException {
    Assumptions.assumeTrue(Host.isRoot(), "skipped: this test needs root");
    // The unprivileged child must be able to reach the tree.
    Files.setAttribute(base, "unix:mode", 0755);
    tree = Files.createDirectory(base.resolve("tree"));
  }

  @Test
  void anUnprivilegedOwnerDeletesItsReadOnlyAndUnreadableDirectories() throws Exception {
    for (String dir :
        List.of(
            "usr",
            "usr/share",
            "usr/share/none",
            "usr/share/none/listonly",
            "usr/share/none/listonly/searchonly")) {
      Files.createDirectory(tree.resolve(dir));
      Files.writeString(tree.resolve(dir).resolve("file"), dir + "\n");
    }
    // A link out of the tree, to a sacrificial directory nobody could delete were it followed.
    Path decoy = Files.createDirectory(base.resolve("decoy"));
    Files.writeString(decoy.resolve("passwd"), "decoy\n");
    chownAll(decoy, NOBODY);
    Files.createSymbolicLink(tree.resolve("usr/decoy-link"), decoy);
    Map<String, String> decoyBefore = TreeFixtures.snapshot(decoy);
    chownAll(tree, NOBODY);
    mode(tree.resolve("usr/share/none/listonly/searchonly"), 0111);
    mode(tree.resolve("usr/share/none/listonly"), 0444);
    mode(tree.resolve("usr/share/none"), 0000);
    mode(tree.resolve("usr/share"), 0555);
    mode(tree.resolve("usr"), 0555);

    Result result =
        runChild(
            List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"),
            tree.resolve("usr"));

    assertThat(result.output()).isEqualTo("deleted\n");
    assertThat(result.status()).isZero();
    assertThat(tree).isEmptyDirectory();
    assertThat(TreeFixtures.snapshot(decoy))
        .as("the decoy the link pointed to")
        .isEqualTo(decoyBefore);
  }

  @Test
  void anUnprivilegedUserCannotDeleteAnotherUsersReadOnlyDirectoryAndChangesNothing()
      throws Exception {
    Files.createDirectories(tree.resolve("etc"));
    Files.writeString(tree.resolve("etc/file"), "root's\n");
    mode(tree.resolve("etc"), 0555);
    Map<String, String> before = TreeFixtures.snapshot(tree);

    Result result =
        runChild(
            List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"),
            tree.resolve("etc"));

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.output())
        .startsWith("failed: java.nio.file.AccessDeniedException: " + tree.resolve("etc/file"));
    assertThat(TreeFixtures.snapshot(tree)).isEqualTo(before);
  }

  @Test
  void anImmutableFileStopsTheDeleteWithItsName() throws Exception {
    Files.createDirectories(tree.resolve("a/b"));
    Path immutable = Files.writeString(tree.resolve("a/b/immutable"), "kept\n");
    Process chattr =
        new ProcessBuilder("chattr", "+i", immutable.toString()).redirectErrorStream(true).start();
    String chattrOutput =
        new String(chattr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Assumptions.assumeTrue(
        chattr.waitFor() == 0, () -> "skipped: chattr +i is not possible here: " + chattrOutput);
    try {
      assertThatThrownBy(() -> Directories.deleteRecursively(tree))
          .isInstanceOf(FileSystemException.class)
          .hasMessageContaining(immutable.toString())
          .hasMessageContaining("Operation not permitted");
      assertThat(immutable).hasContent("kept");
    } finally {
      assertThat(new ProcessBuilder("chattr", "-i", immutable.toString()).start().waitFor())
          .isZero();
    }
    assertThat(Directories.deleteRecursively(tree)).isTrue();
  }

  @Test
  void aFilesystemMountedInsideTheTreeIsNotCrossed() throws Exception {
    Files.createDirectories(tree.resolve("proc"));
    Files.writeString(tree.resolve("before"), "x\n");
    // The child JVM runs in a mount namespace of its own where a tmpfs covers tree/proc; the shell
    // prints the tmpfs's file after the delete, to show it was left alone.
    String script =
        "m=\"$1\"; shift; mount -t tmpfs osbuild-test \"$m\" && echo mounted > \"$m/file\" && \"$@\"; "
            + "status=$?; cat \"$m/file\"; exit $status";
    List<String> prefix =
        List.of(
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
            "sh",
            tree.resolve("proc").toString());

    Result result = runChild(prefix, tree);

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.output())
        .isEqualTo(
            "failed: java.nio.file.FileSystemException: "
                + tree.resolve("proc")
                + ": another filesystem is mounted here; not deleting across it\nmounted\n");
    assertThat(tree.resolve("proc")).isEmptyDirectory();
  }

  private record Result(int status, String output) {}

  /** Runs {@link DeleteRecursivelyMain} on {@code path} in a JVM started through {@code prefix}. */
  private static Result runChild(List<String> prefix, Path path)
      throws IOException, InterruptedException {
    String classPath =
        Stream.of(Directories.class, DeleteRecursivelyMain.class)
            .map(
                c ->
                    Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath())
                        .toString())
            .distinct()
            .reduce((a, b) -> a + File.pathSeparator + b)
            .orElseThrow();
    List<String> argv = new ArrayList<>(prefix);
    argv.addAll(
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-cp",
            classPath,
            DeleteRecursivelyMain.class.getName(),
            path.toString()));
    Process process =
        new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }

  private static void chownAll(Path root, int uid) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
      }
    }
  }

  private static void mode(Path path, int mode) throws IOException {
    Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
  }
}
