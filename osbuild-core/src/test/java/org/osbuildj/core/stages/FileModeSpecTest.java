package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileModeSpecTest {

  @ParameterizedTest(name = "{0} on {1} (directory: {2}) gives {3}")
  @CsvSource({
    "0755, 0644, false, 0755",
    "4711, 0644, false, 4711",
    "600, 0777, false, 0600",
    "u+x, 0644, false, 0744",
    "go-w, 0666, false, 0644",
    "a=rX, 0700, true, 0555",
    "a=rX, 0600, false, 0444",
    "a=rX, 0700, false, 0555",
    "'u=rw,g=r,o=', 0777, false, 0640",
    "g+s, 0755, true, 2755",
    "+t, 0777, true, 1777",
    "g=u, 0740, false, 0770",
    "o-rwx, 0755, true, 0750",
    "u-s, 4755, false, 0755",
    "=, 0755, false, 0000",
    "+x, 0644, false, 0755",
  })
  void appliesModesAsChmodDoes(String spec, String current, boolean directory, String expected) {
    assertThat(
            Integer.toOctalString(
                FileModeSpec.parse(spec).apply(Integer.parseInt(current, 8), directory)))
        .isEqualTo(Integer.toOctalString(Integer.parseInt(expected, 8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"u", "u+y", "x+r", "99999", "0758", "u+ug", "", "u+rw,"})
  void refusesWhatChmodWouldRefuse(String spec) {
    assertThatThrownBy(() -> FileModeSpec.parse(spec)).isInstanceOf(IllegalArgumentException.class);
  }
}
