package org.osbuildj.core.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.NumberValues;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.StepImplementation;

/**
 * Checks a step's options against its JSON Schema, reporting each problem with the JSON path of the
 * offending value inside the manifest (such as {@code .stages[1].options.hostname}).
 */
public final class OptionsValidator {
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

  /**
   * The problems with these options, each path prefixed with {@code optionsPath}; empty if none.
   */
  public List<Problem> validate(StepImplementation step, Options options, String optionsPath) {
    List<Problem> outOfRange = new ArrayList<>();
    numbersOutOfRange(options.json(), optionsPath, outOfRange);
    // A schema compares such a number wrongly (1e400 through a long is 0): they alone are said.
    Optional<String> schemaText = step.optionsSchema();
    if (!outOfRange.isEmpty() || schemaText.isEmpty()) {
      return outOfRange;
    }
    List<ValidationMessage> messages;
    try {
      JsonSchema schema =
          compiled.computeIfAbsent(
              step.name() + "\0" + schemaText.get(),
              key -> OptionsSchemas.compile(step, schemaText.get()));
      messages = new ArrayList<>(schema.validate(options.json()));
    } catch (OptionsSchemas.UnusableSchemaException e) {
      return List.of(new Problem(optionsPath, "cannot be checked: " + e.getMessage()));
    } catch (RuntimeException e) {
      return List.of(
          new Problem(
              optionsPath, "cannot be checked: " + OptionsSchemas.unusable(step, e).getMessage()));
    }
    messages.sort(Comparator.comparing(m -> m.getInstanceLocation().toString()));
    List<Problem> problems = new ArrayList<>();
    for (ValidationMessage message : messages) {
      problems.add(
          new Problem(optionsPath + dotted(message.getInstanceLocation()), explain(message)));
    }
    return problems;
  }

  private static void numbersOutOfRange(JsonNode node, String path, List<Problem> problems) {
    if (!NumberValues.inRange(node)) {
      problems.add(
          new Problem(
              path,
              "the number "
                  + node
                  + " is out of range: a number in options must fit a 64-bit floating point"
                  + " number (at most about 1.8e308)"));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        numbersOutOfRange(node.get(i), path + "[" + i + "]", problems);
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        numbersOutOfRange(field.getValue(), path + "." + field.getKey(), problems);
      }
    }
  }

  private static String dotted(JsonNodePath path) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      if (element instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else {
        out.append('.').append(element);
      }
    }
    return out.toString();
  }

  // The library's messages start with the path in its own notation ("$.hostname: ..."); ours
  // carries the path separately, so keep only the explanation.
  private static String explain(ValidationMessage message) {
    String text = message.getMessage();
    int colon = text.indexOf(": ");
    String explanation = text.startsWith("$") && colon > 0 ? text.substring(colon + 2) : text;
    // A schema forbids an option in some cases with the schema "false" (the disk assembler's ESP
    // options on a BIOS disk), which the library reports as "schema for 'x' is false".
    if (explanation.matches("schema for '.*' is false")) {
      return "is not allowed with the other options given (its description in the step's schema"
          + " says when it applies)";
    }
    return explanation;
  }
}
