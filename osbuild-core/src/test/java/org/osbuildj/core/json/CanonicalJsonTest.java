package org.osbuildj.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  private static String canonical(String json) throws Exception {
    return CanonicalJson.write(Json.mapper().readTree(json));
  }

  @Test
  void sortsKeysAtEveryLevelAndDropsWhitespace() throws Exception {
    assertThat(canonical("{ \"b\": 1, \"a\": { \"z\": [3, 2], \"y\": null } }"))
        .isEqualTo("{\"a\":{\"y\":null,\"z\":[3,2]},\"b\":1}");
  }

  @Test
  void ordersKeysByUtf16CodeUnitsAsRfc8785Says() throws Exception {
    // U+00E9 (é) sorts after 'z'; an astral character's high surrogate (U+D83D) sorts after U+00E9.
    assertThat(canonical("{\"\\ud83d\\ude00\": 1, \"\u00e9\": 2, \"z\": 3}"))
        .isEqualTo("{\"z\":3,\"\u00e9\":2,\"\ud83d\ude00\":1}");
  }

  @Test
  void escapesOnlyWhatJsonRequires() throws Exception {
    assertThat(canonical("\"tab\\t quote\\\" slash\\/ \\u0001 \u00fc\""))
        .isEqualTo("\"tab\\t quote\\\" slash/ \\u0001 \u00fc\"");
  }

  @Test
  void writesNumbersInTheirShortestForm() throws Exception {
    assertThat(
            canonical("[1.0, 1.50, -0.0, 100, 1e2, 12345678901234567890, 1e30, 0.000001, 1.5e-7]"))
        .isEqualTo("[1,1.5,0,100,100,12345678901234567890,1e+30,0.000001,1.5e-7]");
  }
}
