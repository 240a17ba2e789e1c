package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelVersionsTest {
  @Test
  void ordersKernelVersionsByTheirNumbers() {
    List<String> versions =
        new ArrayList<>(
            List.of("6.1.0-10-amd64", "5.10.0-28-amd64", "6.1.0-9-amd64", "6.10.0-1-amd64"));

    versions.sort(KernelVersions::compare);

    assertThat(versions)
        .containsExactly("5.10.0-28-amd64", "6.1.0-9-amd64", "6.1.0-10-amd64", "6.10.0-1-amd64");
  }
}
