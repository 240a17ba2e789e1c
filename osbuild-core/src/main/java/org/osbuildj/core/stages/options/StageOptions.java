package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.pipeline.StageSource;

/** What the typed builders share: a stage name and the options built so far. */
abstract class StageOptions implements StageSource {
  private final String name;
  final ObjectNode options = Json.object();

  StageOptions(String name) {
    this.name = name;
  }

  @Override
  public final Stage toStage() {
    return Stage.of(name, options);
  }
}
