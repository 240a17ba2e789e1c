package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellVariablesTest {
  @Test
  void replacesAssignmentsInPlaceKeepsCommentsAndAppendsNewOnes() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("B", "two");
    values.put("C", "three");

    assertThat(ShellVariables.set("# comment\nA=1\nexport B=old\n#B=commented\n", values))
        .isEqualTo("# comment\nA=1\nB=\"two\"\n#B=commented\nC=\"three\"\n");
  }

  @Test
  void anEmptyFileGetsTheAssignmentsInOrder() {
    assertThat(ShellVariables.set("", Map.of("X", ""))).isEqualTo("X=\"\"\n");
  }
}
