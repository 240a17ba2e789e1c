package org.osbuildj.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PythonJson against what Python 3.11's {@code json.dumps(json.loads(text), sort_keys=True)} wrote
 * for the same text on this project's Debian 12 (python-json-dumps.jsonl: one {@code [text,
 * output]} pair a line; how it was made is in format2/README.md).
 */
class PythonJsonTest {
  /** Reads floats as doubles, as Python does, and as the format-2 reader does. */
  private static final ObjectMapper DOUBLES = JsonMapper.builder().build();

  @Test
  void writesWhatPythonsJsonDumpsWritesForEveryRecordedValue() throws IOException {
    List<String> mismatches = new ArrayList<>();
    int count = 0;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                PythonJsonTest.class.getResourceAsStream("python-json-dumps.jsonl"),
                StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        ArrayNode pair = (ArrayNode) DOUBLES.readTree(line);
        String input = pair.get(0).textValue();
        String expected = pair.get(1).textValue();
        String actual = PythonJson.write(DOUBLES.readTree(input));
        count++;
        if (!actual.equals(expected)) {
          mismatches.add(input + " -> " + actual + ", Python: " + expected);
        }
      }
    }
    assertThat(count).isEqualTo(1176);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void aDecimalIsWrittenAsTheDoubleItReadsAs() {
    JsonNode decimal = DecimalNode.valueOf(new BigDecimal("0.10000000000000000555"));

    assertThat(PythonJson.write(decimal)).isEqualTo("0.1");
  }

  @Test
  void unsortedKeepsTheKeysInTheirOrderAndSortedOrdersThemByCodePoint() {
    var object = JsonNodeFactory.instance.objectNode().put("\ud83d\ude00", 1).put("\ue000", 2);

    assertThat(PythonJson.writeUnsorted(object))
        .isEqualTo("{\"\\ud83d\\ude00\": 1, \"\\ue000\": 2}");
    assertThat(PythonJson.write(object)).isEqualTo("{\"\\ue000\": 2, \"\\ud83d\\ude00\": 1}");
  }
}
