package org.osbuildj.examples.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.isolation.Capability;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.core.manifest.ManifestWriter;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.StepImplementation;

/**
 * What {@code --inspect} prints: the manifest with every step's id and, on a step whose commands
 * keep capabilities beyond {@link Capability#DEFAULT}, those capabilities, so a reader sees what
 * each stage is allowed before anything runs; and on a step that runs from the libdir, {@code
 * "implementation": "libdir"}; on a step the user trusted with {@code --allow-mounts}, {@code
 * "profile": "block-device-mounts"}. A manifest cannot grant capabilities nor choose an
 * implementation: the reader ignores both keys.
 */
final class InspectOutput {
  private InspectOutput() {}

  /** In the manifest's form: the wrapped form prints its sources too, as osbuild did. */
  static ObjectNode of(Manifest manifest, StageCatalog catalog) {
    ObjectNode json = ManifestWriter.toJsonWithIds(manifest);
    boolean wrapped = manifest.form() == Manifest.Form.WRAPPED;
    annotate(wrapped ? (ObjectNode) json.get("pipeline") : json, wrapped, catalog);
    return json;
  }

  private static void annotate(ObjectNode pipeline, boolean wrapped, StageCatalog catalog) {
    if (pipeline.get("build") instanceof ObjectNode build) {
      annotate(wrapped ? (ObjectNode) build.get("pipeline") : build, wrapped, catalog);
    }
    for (JsonNode stage : pipeline.path("stages")) {
      String name = stage.path("name").asText();
      addCapabilities((ObjectNode) stage, catalog.stage(name).map(StepImplementation.class::cast));
    }
    if (pipeline.get("assembler") instanceof ObjectNode assembler) {
      String name = assembler.path("name").asText();
      addCapabilities(assembler, catalog.assembler(name).map(StepImplementation.class::cast));
    }
  }

  private static void addCapabilities(
      ObjectNode step, Optional<StepImplementation> implementation) {
    if (implementation.isEmpty()) {
      return;
    }
    // With a libdir, which of two steps of one name runs is a choice: say which was made.
    if (implementation.get().library().isPresent()) {
      step.put("implementation", "libdir");
    }
    if (implementation.get().mountsBlockDevices()) {
      step.put("profile", "block-device-mounts");
    }
    Options options =
        step.get("options") instanceof ObjectNode object ? Options.of(object) : Options.empty();
    Set<Capability> extra = implementation.get().capabilities(options);
    if (!extra.isEmpty()) {
      var list = step.putArray("capabilities");
      extra.stream().map(Capability::kernelName).sorted().forEach(list::add);
    }
  }
}
