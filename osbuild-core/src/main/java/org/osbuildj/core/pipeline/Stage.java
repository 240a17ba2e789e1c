package org.osbuildj.core.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One step of a pipeline: a stage name and its JSON options. Whether the stage is implemented in
 * Java or by an external executable is not part of the value, so a pipeline built in code and the
 * same pipeline read from a manifest are equal.
 *
 * <pre>{@code
 * Stage hostname = Stage.of("org.osbuild.hostname", Json.object().put("hostname", "demo"));
 * }</pre>
 */
public record Stage(String name, Options options) implements StageSource {
  public Stage {
    Names.check("stage", name);
    Objects.requireNonNull(options, "options");
  }

  public static Stage of(String name) {
    return new Stage(name, Options.empty());
  }

  public static Stage of(String name, ObjectNode options) {
    return new Stage(name, Options.of(options));
  }

  public static Stage of(String name, Options options) {
    return new Stage(name, options);
  }

  /** Whether a name has the form of a stage or assembler name. */
  public static boolean isValidName(String name) {
    return Names.isValid(name);
  }

  @Override
  public Stage toStage() {
    return this;
  }
}
