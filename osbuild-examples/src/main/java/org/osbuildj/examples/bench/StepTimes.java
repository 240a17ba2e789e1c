package org.osbuildj.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one build's time went, step by step, in seconds: from our launcher's {@code --json} report,
 * or from the {@code EPOCH step NAME} lines the shell script prints.
 */
record StepTimes(Map<String, Double> seconds) {
  private static final Pattern SCRIPT_STEP = Pattern.compile("^(\\d+(?:\\.\\d+)?) step (\\S+)$");

  StepTimes {
    seconds = Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
  }

  double total() {
    return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Every stage's and the assembler's duration, from {@code osbuild --json}. */
  static StepTimes fromLauncherJson(String json) throws IOException {
    JsonNode report = new ObjectMapper().readTree(json);
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (JsonNode pipeline : report.path("pipelines")) {
      for (JsonNode stage : pipeline.path("stages")) {
        seconds.merge(stage.path("name").asText(), stage.path("duration").asDouble(), Double::sum);
      }
    }
    JsonNode assembler = report.path("assembler");
    if (assembler.isObject()) {
      seconds.merge(
          assembler.path("name").asText(), assembler.path("duration").asDouble(), Double::sum);
    }
    return new StepTimes(seconds);
  }

  /**
   * From the script's markers: each {@code EPOCH step NAME} line starts a step, which lasts until
   * the next marker; the last marker ({@code step done}) closes the last step.
   */
  static StepTimes fromScriptMarkers(List<String> lines) {
    List<String> names = new ArrayList<>();
    List<Double> starts = new ArrayList<>();
    for (String line : lines) {
      Matcher m = SCRIPT_STEP.matcher(line.strip());
      if (m.matches()) {
        names.add(m.group(2));
        starts.add(Double.parseDouble(m.group(1)));
      }
    }
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (int i = 0; i + 1 < names.size(); i++) {
      seconds.merge(names.get(i), starts.get(i + 1) - starts.get(i), Double::sum);
    }
    return new StepTimes(seconds);
  }
}
