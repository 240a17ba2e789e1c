package org.osbuildj.isolation.linux;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.ExecOutput;
import org.osbuildj.core.isolation.FileLabel;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.isolation.libc.SecurityLabels;
import org.osbuildj.isolation.testing.RootTest;

/**
 * What a stage that labels its tree gets from the namespace sandbox: a command's standard output
 * kept whole and apart from its errors, and labels written by the library where a command in the
 * sandbox could not write them.
 */
@RootTest
class SandboxLabelsTest {
  @TempDir Path scratch;
  private NamespaceIsolation isolation;

  @BeforeEach
  void createIsolation() {
    isolation = NamespaceIsolation.create();
  }

  private static byte[] stored(String context) {
    return (context + "\0").getBytes(US_ASCII);
  }

  @Test
  void aCommandsStandardOutputIsKeptWholeAsBytesAndItsErrorsGoToTheLog() throws Exception {
    Path tree = Files.createDirectory(scratch.resolve("tree"));
    List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

    ExecOutput output =
        isolation.run(
            SandboxSpec.forStage(new TreeMount.Directory(tree), log::add),
            sandbox ->
                sandbox.execCapturing(
                    Command.of("/bin/sh", "-c", "printf 'a\\377\\nb'; echo oops >&2; exit 3"),
                    1024));

    assertThat(output.stdout()).isEqualTo(new byte[] {'a', (byte) 0xff, '\n', 'b'});
    assertThat(output.result().exitStatus()).isEqualTo(3);
    assertThat(output.result().outputTail()).containsExactly("oops");
    assertThat(log).contains("oops").doesNotContain("b");
  }

  @Test
  void outputBeyondTheLimitFailsTheCommand() throws Exception {
    Path tree = Files.createDirectory(scratch.resolve("tree"));

    assertThatThrownBy(
            () ->
                isolation.run(
                    SandboxSpec.forStage(new TreeMount.Directory(tree), line -> {}),
                    sandbox ->
                        sandbox.execCapturing(
                            Command.of("/bin/sh", "-c", "head -c 5000 /dev/zero"), 4096)))
        .hasMessageContaining("printed more than 4096 bytes and was killed");
  }

  @Test
  void labelsOnADirectoryTreeLandOnItsFilesAndLinksThemselves() throws Exception {
    Path tree = Files.createDirectory(scratch.resolve("tree"));
    Path marker = Files.writeString(scratch.resolve("marker"), "");
    Files.writeString(tree.resolve("file"), "");
    Files.createSymbolicLink(tree.resolve("link"), marker);

    isolation.run(
        SandboxSpec.forStage(new TreeMount.Directory(tree), line -> {}),
        sandbox -> {
          sandbox.labelTree(
              List.of(
                  FileLabel.of("", "system_u:object_r:root_t:s0"),
                  FileLabel.of("file", "system_u:object_r:etc_t:s0"),
                  FileLabel.of("link", "system_u:object_r:bin_t:s0")));
          return null;
        });

    assertThat(SecurityLabels.read(tree)).hasValue(stored("system_u:object_r:root_t:s0"));
    assertThat(SecurityLabels.read(tree.resolve("file")))
        .hasValue(stored("system_u:object_r:etc_t:s0"));
    assertThat(SecurityLabels.read(tree.resolve("link")))
        .hasValue(stored("system_u:object_r:bin_t:s0"));
    assertThat(SecurityLabels.read(marker)).isEmpty();
    assertThat(Files.getOwner(tree.resolve("file")).getName()).isEqualTo("root");
  }

  @Test
  void labelsOnAnOverlayTreeAreCopiedUpAndTheStoredLayerStaysAsItWas() throws Exception {
    Path lower = Files.createDirectory(scratch.resolve("lower"));
    Path upper = Files.createDirectory(scratch.resolve("upper"));
    Path work = Files.createDirectory(scratch.resolve("work"));
    Path marker = Files.writeString(scratch.resolve("marker"), "");
    Files.createDirectories(lower.resolve("etc"));
    Files.writeString(lower.resolve("etc/shadow"), "secret\n");
    Files.createSymbolicLink(lower.resolve("etc/link"), marker);

    String seen =
        isolation.run(
            SandboxSpec.forStage(new TreeMount.Overlay(List.of(lower), upper, work), line -> {}),
            sandbox -> {
              sandbox.labelTree(
                  List.of(
                      FileLabel.of("etc", "system_u:object_r:etc_t:s0"),
                      FileLabel.of("etc/shadow", "system_u:object_r:shadow_t:s0"),
                      FileLabel.of("etc/link", "system_u:object_r:etc_t:s0")));
              // Read back through the overlay, as the next command in the sandbox would.
              return new String(
                  SecurityLabels.read(sandbox.tree().resolve("etc/shadow")).orElseThrow(), UTF_8);
            });

    assertThat(seen).isEqualTo("system_u:object_r:shadow_t:s0\0");
    assertThat(SecurityLabels.read(upper.resolve("etc")))
        .hasValue(stored("system_u:object_r:etc_t:s0"));
    assertThat(SecurityLabels.read(upper.resolve("etc/shadow")))
        .hasValue(stored("system_u:object_r:shadow_t:s0"));
    assertThat(upper.resolve("etc/shadow")).hasContent("secret");
    assertThat(SecurityLabels.read(upper.resolve("etc/link")))
        .hasValue(stored("system_u:object_r:etc_t:s0"));
    assertThat(Files.readSymbolicLink(upper.resolve("etc/link"))).isEqualTo(marker);
    assertThat(SecurityLabels.read(lower.resolve("etc/shadow"))).isEmpty();
    assertThat(SecurityLabels.read(lower.resolve("etc/link"))).isEmpty();
    assertThat(SecurityLabels.read(marker)).isEmpty();
  }

  @Test
  void aFreshUpperDirectoryTakesTheRootLabelOfTheLayerBelowAndKeepsItsOwn() throws Exception {
    Path lower = Files.createDirectory(scratch.resolve("lower"));
    Path upper = Files.createDirectory(scratch.resolve("upper"));
    Path work = Files.createDirectory(scratch.resolve("work"));
    SecurityLabels.apply(lower, List.of(FileLabel.of("", "system_u:object_r:root_t:s0")));

    byte[] seen =
        isolation.run(
            SandboxSpec.forStage(new TreeMount.Overlay(List.of(lower), upper, work), line -> {}),
            sandbox -> SecurityLabels.read(sandbox.tree()).orElseThrow());

    assertThat(seen).isEqualTo(stored("system_u:object_r:root_t:s0"));
    assertThat(SecurityLabels.read(upper)).hasValue(stored("system_u:object_r:root_t:s0"));

    // An upper directory labelled already (the stage relabelled the root) keeps its own.
    SecurityLabels.apply(lower, List.of(FileLabel.of("", "system_u:object_r:default_t:s0")));
    isolation.run(
        SandboxSpec.forStage(new TreeMount.Overlay(List.of(lower), upper, work), line -> {}),
        sandbox -> null);
    assertThat(SecurityLabels.read(upper)).hasValue(stored("system_u:object_r:root_t:s0"));
  }
}
