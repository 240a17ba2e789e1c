package org.osbuildj.core.selinux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.isolation.FileLabel;

class SetfilesOutputTest {
  private static final String TREE = "/run/osbuild/tree";

  @Test
  void eachLineGivesThePathBelowTheTreeAndTheNewContextInOrder() {
    String output =
        "Would relabel /run/osbuild/tree from (null) to system_u:object_r:root_t:s0\n"
            + "Would relabel /run/osbuild/tree/etc from (null) to system_u:object_r:etc_t:s0\n"
            + "Would relabel /run/osbuild/tree/etc/shadow from system_u:object_r:etc_t:s0 to"
            + " system_u:object_r:shadow_t:s0\n"
            + "Would relabel /run/osbuild/tree/usr/bin/lnk from (null) to"
            + " system_u:object_r:bin_t:s0-s15:c0.c1023\n";

    assertThat(SetfilesOutput.parse(output.getBytes(UTF_8), TREE))
        .containsExactly(
            FileLabel.of("", "system_u:object_r:root_t:s0"),
            FileLabel.of("etc", "system_u:object_r:etc_t:s0"),
            FileLabel.of("etc/shadow", "system_u:object_r:shadow_t:s0"),
            FileLabel.of("usr/bin/lnk", "system_u:object_r:bin_t:s0-s15:c0.c1023"));
  }

  @Test
  void noOutputMeansNothingToLabel() {
    assertThat(SetfilesOutput.parse(new byte[0], TREE)).isEmpty();
  }

  @Test
  void namesHoldingFromAndToAndSpacesAreKeptWhole() {
    String output =
        "Would relabel /run/osbuild/tree/a from b to c  from (null) to x_u:y_r:z_t:s0 from"
            + " (null) to system_u:object_r:etc_t:s0\n";

    assertThat(SetfilesOutput.parse(output.getBytes(UTF_8), TREE))
        .containsExactly(
            FileLabel.of(
                "a from b to c  from (null) to x_u:y_r:z_t:s0", "system_u:object_r:etc_t:s0"));
  }

  @Test
  void namesThatAreNoTextAreKeptByteForByte() throws Exception {
    byte[] name = {'c', 'a', 'f', (byte) 0xe9, (byte) 0xff, ' ', '\t', '\\'};
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    output.write("Would relabel /run/osbuild/tree/srv/".getBytes(UTF_8));
    output.write(name);
    output.write(" from (null) to system_u:object_r:var_t:s0\n".getBytes(UTF_8));

    List<FileLabel> labels = SetfilesOutput.parse(output.toByteArray(), TREE);

    byte[] expected = new byte[4 + name.length];
    System.arraycopy("srv/".getBytes(UTF_8), 0, expected, 0, 4);
    System.arraycopy(name, 0, expected, 4, name.length);
    assertThat(labels).containsExactly(new FileLabel(expected, "system_u:object_r:var_t:s0"));
    assertThat(labels.get(0).displayPath()).isEqualTo("/srv/caf\\xe9\\xff \\x09\\x5c");
  }

  @Test
  void aLineOfAnotherFormIsRefusedWithItsNumberAndText() {
    String output =
        "Would relabel /run/osbuild/tree from (null) to system_u:object_r:root_t:s0\n"
            + "Relabeled /run/osbuild/tree/etc from (null) to system_u:object_r:etc_t:s0\n";

    assertThatThrownBy(() -> SetfilesOutput.parse(output.getBytes(UTF_8), TREE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "setfiles printed a line this stage cannot read (line 2, it does not start with"
                + " \"Would relabel \"): Relabeled /run/osbuild/tree/etc from (null) to"
                + " system_u:object_r:etc_t:s0");
  }

  @Test
  void aLineWithoutFromAndToIsRefused() {
    assertThatThrownBy(
            () -> SetfilesOutput.parse("Would relabel /run/osbuild/tree/x\n".getBytes(UTF_8), TREE))
        .hasMessageContaining("line 1, it is not \"Would relabel PATH from OLD to NEW\"");
  }

  @Test
  void aPathOutsideTheTreeIsRefused() {
    for (String path :
        List.of(
            "/elsewhere/marker", "/run/osbuild/treeX/a", "/run/osbuild/tree/", "/run/osbuild")) {
      String line = "Would relabel " + path + " from (null) to system_u:object_r:etc_t:s0\n";
      assertThatThrownBy(() -> SetfilesOutput.parse(line.getBytes(UTF_8), TREE))
          .as(path)
          .hasMessageContaining("its path is not in the tree /run/osbuild/tree");
    }
  }

  @Test
  void pathsThatClimbOrRepeatSlashesAreRefused() {
    for (String path : List.of("a/../../etc", "a//b", "./a", "a/")) {
      String line =
          "Would relabel /run/osbuild/tree/"
              + path
              + " from (null) to system_u:object_r:etc_t:s0\n";
      assertThatThrownBy(() -> SetfilesOutput.parse(line.getBytes(UTF_8), TREE))
          .as(path)
          .hasMessageContaining("not a plain path below the tree's root");
    }
  }

  @Test
  void aLabelThatIsNoContextIsRefused() {
    for (String context :
        List.of("<<none>>", "etc_t", "system_u:object_r:etc_t:s0\u0000", "a:b:")) {
      String line = "Would relabel /run/osbuild/tree/etc from (null) to " + context + "\n";
      assertThatThrownBy(() -> SetfilesOutput.parse(line.getBytes(UTF_8), TREE))
          .as(context)
          .hasMessageContaining("not an SELinux security context");
    }
  }

  @Test
  void anEntryNamedTwiceIsRefused() {
    String output =
        "Would relabel /run/osbuild/tree/etc from (null) to system_u:object_r:etc_t:s0\n"
            + "Would relabel /run/osbuild/tree/etc from (null) to system_u:object_r:bin_t:s0\n";

    assertThatThrownBy(() -> SetfilesOutput.parse(output.getBytes(UTF_8), TREE))
        .hasMessageContaining("line 2, it names an entry a second time");
  }

  @Test
  void aLastLineWithoutItsLineEndIsRefused() {
    String output = "Would relabel /run/osbuild/tree/etc from (null) to system_u:object_r:etc_t";

    assertThatThrownBy(() -> SetfilesOutput.parse(output.getBytes(UTF_8), TREE))
        .hasMessageContaining("line 1, it has no line end");
  }
}
