package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.testing.StageHarness;
import org.osbuildj.core.tree.Tree;

/**
 * File names are bytes: a tree may hold names that are not UTF-8 ({@code bad\377\376name}), or,
 * when the JVM runs in the C locale, anything beyond ASCII ({@code café}). Stages that walk a tree
 * act on what they find through the paths the directory listing gave, never through the names
 * turned into text and back, which would name another file or none.
 */
class NamesThatAreNoTextTest {
  @TempDir Path tree;

  /** Runs a shell script in the tree; its output read byte for byte (ISO-8859-1). */
  static String sh(Path dir, String script) throws Exception {
    Process process =
        new ProcessBuilder("sh", "-c", script)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }

  /** The bytes of {@code text}, with \ooo escapes, as sh(...) reads them. */
  static String bytes(String text) {
    return text.replace("\\377", "\u00ff").replace("\\376", "\u00fe").replace("é", "\u00c3\u00a9");
  }

  @BeforeEach
  void namesThatAreNoText() throws Exception {
    sh(
        tree,
        "mkdir -p opt/app && cd opt/app && mkdir \"$(printf 'dir\\377')\""
            + " && touch \"$(printf 'bad\\377\\376name')\" \"$(printf 'dir\\377')/café\""
            + " && chmod 0777 * */*");
  }

  private static final String CHANGED =
      bytes("755 bad\\377\\376name\n755 dir\\377\n755 dir\\377/café\n");

  @Test
  void chmodRecursiveChangesEntriesWhoseNamesAreNotUtf8() throws Exception {
    StageHarness.of(new ChmodStage())
        .options(Stages.chmod().item("/opt/app", "go-w", true).toStage().options())
        .run(tree);

    assertThat(sh(tree, "cd opt/app && stat -c '%a %n' * */*")).isEqualTo(CHANGED);
  }

  @Test
  void chmodRecursiveChangesThemInTheCLocaleToo() throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ChmodRecursiveMain.class.getName(),
                tree.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.equals("LANG") || name.startsWith("LC_"));
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(out).startsWith("sun.jnu.encoding=ANSI_X3.4-1968\n");
    assertThat(process.exitValue()).as(out).isZero();
    assertThat(sh(tree, "cd opt/app && stat -c '%a %n' * */*")).isEqualTo(CHANGED);
  }

  @Test
  void aLinkWhoseTargetIsNotUtf8IsFollowedByteForByte() throws Exception {
    sh(
        tree,
        "echo inside > \"opt/app/$(printf 'dir\\377')/file\" && ln -s \"$(printf 'app/dir\\377')\" opt/link");

    assertThat(Tree.at(tree).readString("/opt/link/file")).isEqualTo("inside\n");
    assertThat(Files.isDirectory(Tree.at(tree).resolve("/opt/link"))).isTrue();
  }
}
