package org.osbuildj.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DataSizeTest {
  @Test
  void readsBinaryUnitsAndPlainBytes() {
    assertThat(DataSize.parse("2G").bytes()).isEqualTo(2L << 30);
    assertThat(DataSize.parse("2048M")).isEqualTo(DataSize.ofGiB(2));
    assertThat(DataSize.parse("512k").bytes()).isEqualTo(512 * 1024);
    assertThat(DataSize.parse("3GiB")).isEqualTo(DataSize.ofGiB(3));
    assertThat(DataSize.parse("1T").bytes()).isEqualTo(1L << 40);
    assertThat(DataSize.parse("2147483648")).isEqualTo(DataSize.ofGiB(2));
  }

  @Test
  void refusesWhatIsNotASizeSayingWhatIsAccepted() {
    assertThatThrownBy(() -> DataSize.parse("2 gigs")).hasMessageContaining("such as 2G or 2048M");
    assertThatThrownBy(() -> DataSize.parse("-1G")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DataSize.parse("99999999999T")).hasMessageContaining("too large");
  }

  @Test
  void printsForPeople() {
    assertThat(DataSize.ofBytes(12)).hasToString("12 B");
    assertThat(DataSize.ofMiB(300)).hasToString("300 MiB");
    assertThat(DataSize.ofBytes(3L << 29)).hasToString("1.5 GiB");
    assertThat(DataSize.ofGiB(20)).hasToString("20 GiB");
  }
}
