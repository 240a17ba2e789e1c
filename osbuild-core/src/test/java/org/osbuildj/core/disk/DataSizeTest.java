package org.osbuildj.core.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataSizeTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "1, 1",
    "512K, 524288",
    "2048M, 2147483648",
    "2G, 2147483648",
    "1T, 1099511627776",
    "3221225472, 3221225472"
  })
  void unitsArePowersOf1024(String text, long bytes) {
    assertThat(DataSize.parse(text).bytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "G", "2 G", "2GB", "2g", "2GiB", "-1", "1.5G", " 2G", "2G\n", "0x10"})
  void textThatIsNotANumberWithAnOptionalUnitIsRefusedWithAnExample(String text) {
    assertThatThrownBy(() -> DataSize.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2G");
  }

  @Test
  void sizesBeyondALongAreRefusedNotWrapped() {
    assertThatThrownBy(() -> DataSize.parse("9000000000T"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
    assertThatThrownBy(() -> DataSize.parse("99999999999999999999"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DataSize.ofGiB(Long.MAX_VALUE / 1024))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void negativeSizesCannotBeMade() {
    assertThatThrownBy(() -> DataSize.ofBytes(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void factoriesAndParsingAgree() {
    assertThat(DataSize.ofGiB(2))
        .isEqualTo(DataSize.parse("2G"))
        .isEqualTo(DataSize.ofMiB(2048))
        .isEqualTo(DataSize.ofKiB(2 * 1024 * 1024));
  }

  @Test
  void jsonGivesBytesAsAnIntegerOrTextWithAUnit() {
    assertThat(DataSize.fromJson(LongNode.valueOf(4096))).isEqualTo(DataSize.ofKiB(4));
    assertThat(DataSize.fromJson(TextNode.valueOf("2G"))).isEqualTo(DataSize.ofGiB(2));
    assertThatThrownBy(() -> DataSize.fromJson(DoubleNode.valueOf(1.5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DataSize.fromJson(BooleanNode.TRUE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"2147483648, 2G", "1610612736, 1536M", "1000, 1000", "0, 0", "1024, 1K"})
  void toStringUsesTheLargestWholeUnitAndParsesBack(long bytes, String text) {
    assertThat(DataSize.ofBytes(bytes)).hasToString(text);
    assertThat(DataSize.parse(text).bytes()).isEqualTo(bytes);
  }

  @Test
  void mebibytesRoundUp() {
    assertThat(DataSize.ofBytes(1).mebibytesRoundedUp()).isEqualTo(1);
    assertThat(DataSize.ofMiB(3).mebibytesRoundedUp()).isEqualTo(3);
    assertThat(DataSize.ofMiB(3).plus(DataSize.ofBytes(1)).mebibytesRoundedUp()).isEqualTo(4);
  }

  @Test
  void printsForPeopleInBinaryUnits() {
    assertThat(DataSize.ofBytes(12).toHumanString()).isEqualTo("12 B");
    assertThat(DataSize.ofMiB(300).toHumanString()).isEqualTo("300 MiB");
    assertThat(DataSize.ofBytes(3L << 29).toHumanString()).isEqualTo("1.5 GiB");
    assertThat(DataSize.ofGiB(20).toHumanString()).isEqualTo("20 GiB");
  }
}
