package org.osbuildj.core.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTailTest {
  @Test
  void keepsTheLastFortyLines() {
    OutputTail tail = new OutputTail(OutputTail.DEFAULT_LINES);

    for (int i = 1; i <= 100; i++) {
      tail.add(Integer.toString(i));
    }

    assertThat(tail.lines()).hasSize(40).startsWith("61").endsWith("100");
  }

  @Test
  void fortyFiveLongLinesKeepOnlyWhatFitsItsSizeNewestFirst() {
    OutputTail tail = new OutputTail(OutputTail.DEFAULT_LINES);
    String megabyte = "a".repeat(1 << 20);

    for (int i = 0; i < 45; i++) {
      tail.add(i + megabyte);
    }

    List<String> lines = tail.lines();
    assertThat(lines.stream().mapToLong(String::length).sum())
        .isLessThanOrEqualTo(OutputTail.DEFAULT_CHARACTERS);
    assertThat(lines).last().asString().startsWith("44aaa").endsWith(" characters cut)");
  }

  @Test
  void shortLinesBeforeAVeryLongOneGoWhenItNeedsTheRoom() {
    OutputTail tail = new OutputTail(OutputTail.DEFAULT_LINES);
    tail.add("first");
    tail.add("b".repeat(OutputTail.DEFAULT_CHARACTERS - 3));
    tail.add("end");

    assertThat(tail.lines()).hasSize(2).endsWith("end");
  }
}
