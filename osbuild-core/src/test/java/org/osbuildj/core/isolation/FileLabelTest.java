package org.osbuildj.core.isolation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileLabelTest {

  @Test
  void theAttributeValueIsTheContextAndOneNulAsLibselinuxWritesIt() {
    // getfattr -n security.selinux -e hex etc/shadow, after setfiles on Debian 12.
    assertThat(FileLabel.of("etc/shadow", "system_u:object_r:shadow_t:s0").attributeValue())
        .isEqualTo(hex("73797374656d5f753a6f626a6563745f723a736861646f775f743a733000"));
  }

  @Test
  void thePathSplitsIntoItsNamesAndTheRootHasNone() {
    assertThat(FileLabel.of("usr/bin/ls", "u:r:t").names())
        .extracting(name -> new String(name, UTF_8))
        .containsExactly("usr", "bin", "ls");
    assertThat(FileLabel.of("", "u:r:t").names()).isEmpty();
  }

  @Test
  void onlyPlainPathsBelowTheRootAreAccepted() {
    for (String path : List.of("/etc", "etc/", "a//b", ".", "..", "a/../b", "a/./b", "a\u0000b")) {
      assertThatThrownBy(() -> FileLabel.of(path, "u:r:t"))
          .as(path)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void contextsAreUserRoleTypeAndAnOptionalRange() {
    for (String context :
        List.of(
            "u:r:t", "system_u:object_r:shadow_t:s0", "u:r:t:s0-s15:c0.c1023", "u:r:t:s0:c1,c2")) {
      assertThat(FileLabel.of("a", context).context()).isEqualTo(context);
    }
    for (String context :
        List.of("", "u:r", "u::t", "u:r:t:", "u:r:t s0", "u:r:t\n", "u:r:t\u0000", "ü:r:t")) {
      assertThatThrownBy(() -> FileLabel.of("a", context))
          .as(context)
          .hasMessageStartingWith("not an SELinux security context");
    }
  }

  @Test
  void equalPathsAndContextsAreEqualLabels() {
    assertThat(FileLabel.of("a/b", "u:r:t")).isEqualTo(FileLabel.of("a/b", "u:r:t"));
    assertThat(FileLabel.of("a/b", "u:r:t")).hasSameHashCodeAs(FileLabel.of("a/b", "u:r:t"));
    assertThat(FileLabel.of("a/b", "u:r:t")).isNotEqualTo(FileLabel.of("a/c", "u:r:t"));
  }

  private static byte[] hex(String text) {
    return java.util.HexFormat.of().parseHex(text);
  }
}
