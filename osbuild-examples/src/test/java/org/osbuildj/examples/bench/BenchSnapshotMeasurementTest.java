package org.osbuildj.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.store.SnapshotMode;

/** The snapshot benchmark, moved here from the store, measures through the store's public API. */
class BenchSnapshotMeasurementTest {
  @TempDir Path dir;

  @Test
  void sizesAreReadWithTheirUnitAndWrittenBackTheSameWay() {
    assertThat(SnapshotBenchmark.parseSizes("10M, 1G,512K"))
        .containsExactly(10L << 20, 1L << 30, 512L << 10);
    assertThat(SnapshotBenchmark.human(10L << 20)).isEqualTo("10M");
    assertThat(SnapshotBenchmark.human(1L << 30)).isEqualTo("1G");
    assertThat(SnapshotBenchmark.human(512L << 10)).isEqualTo("512K");
  }

  @Test
  void aCopyStoreMeasurementGivesTimesAndTheDiskOfOneBigAndFiveSmallStages() throws Exception {
    SnapshotBenchmark.Result result =
        SnapshotBenchmark.measure(dir.resolve("store"), SnapshotMode.COPY, 1L << 20);

    assertThat(result.snapshotMs()).isPositive();
    assertThat(result.smallCommitMs()).isPositive();
    assertThat(result.bigCommitMs()).isPositive();
    // Six copies of the 1 MiB tree, each stage's tree whole in copy mode.
    assertThat(result.diskBytes()).isGreaterThanOrEqualTo(6L << 20);
  }
}
