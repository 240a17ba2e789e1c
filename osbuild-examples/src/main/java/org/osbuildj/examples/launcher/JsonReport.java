package org.osbuildj.examples.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osbuildj.core.executor.BuildResult;
import org.osbuildj.core.executor.StageFailedException;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.InvalidManifestException;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.store.remote.RemoteReport;

/** The one JSON document {@code --json} prints at the end of a run. */
final class JsonReport {
  private JsonReport() {}

  static ObjectNode success(BuildResult result) {
    return success(result, Optional.empty());
  }

  /**
   * With a remote store: each stage pulled says {@code "pulled_from"}, and {@code "remote"} lists
   * what was pulled and pushed and the warnings.
   */
  static ObjectNode success(BuildResult result, Optional<RemoteReport> remote) {
    Map<String, String> pulledFrom = new HashMap<>();
    remote.ifPresent(
        r -> r.pulled().forEach(t -> pulledFrom.put(t.treeId(), t.remote().toString())));
    ObjectNode doc = Json.object();
    doc.put("success", true);
    ArrayNode pipelines = doc.putArray("pipelines");
    for (BuildResult.PipelineResult pipeline : result.pipelines()) {
      ObjectNode p = pipelines.addObject();
      p.put("name", pipeline.name());
      if (pipeline.treeId().isPresent()) p.put("tree_id", pipeline.treeId().get());
      else p.putNull("tree_id");
      ArrayNode stages = p.putArray("stages");
      for (BuildResult.StepResult step : pipeline.steps()) {
        ObjectNode node = stages.addObject();
        step(node, step);
        if (pulledFrom.containsKey(step.step().id())) {
          node.put("pulled_from", pulledFrom.get(step.step().id()));
        }
      }
    }
    if (result.assembler().isPresent()) step(doc.putObject("assembler"), result.assembler().get());
    else doc.putNull("assembler");
    ArrayNode output = doc.putArray("output");
    result.outputFiles().stream().map(Path::toString).forEach(output::add);
    doc.put("duration", result.duration().toMillis() / 1000.0);
    remote.ifPresent(r -> remote(doc.putObject("remote"), r));
    return doc;
  }

  private static void remote(ObjectNode node, RemoteReport report) {
    transfers(node.putArray("pulled"), report.pulled());
    transfers(node.putArray("pushed"), report.pushed());
    ArrayNode warnings = node.putArray("warnings");
    report.warnings().forEach(warnings::add);
  }

  private static void transfers(ArrayNode array, List<RemoteReport.Transfer> transfers) {
    for (RemoteReport.Transfer t : transfers) {
      array
          .addObject()
          .put("tree_id", t.treeId())
          .put("remote", t.remote().toString())
          .put("layers", t.layers())
          .put("bytes", t.bytes());
    }
  }

  private static void step(ObjectNode node, BuildResult.StepResult step) {
    node.put("name", step.step().name());
    node.put("id", step.step().id());
    node.put("cached", step.cached());
    node.put("duration", step.duration().toMillis() / 1000.0);
  }

  static ObjectNode invalid(InvalidManifestException e) {
    ObjectNode doc = failure("invalid-manifest", e.getMessage());
    ArrayNode problems = ((ObjectNode) doc.get("error")).putArray("problems");
    for (Problem problem : e.problems()) {
      problems.addObject().put("path", problem.path()).put("message", problem.message());
    }
    return doc;
  }

  static ObjectNode stageFailed(StageFailedException e) {
    ObjectNode doc = failure("stage-failed", e.getMessage());
    ObjectNode error = (ObjectNode) doc.get("error");
    ObjectNode stage = error.putObject("stage");
    stage.put("pipeline", e.step().pipeline());
    stage.put("kind", e.step().kind().name().toLowerCase());
    stage.put("name", e.step().name());
    stage.put("id", e.step().id());
    if (e.exitStatus().isPresent()) error.put("exit_status", e.exitStatus().get());
    else error.putNull("exit_status");
    ArrayNode tail = error.putArray("output_tail");
    e.outputTail().forEach(tail::add);
    return doc;
  }

  static ObjectNode failure(String kind, String message) {
    ObjectNode doc = Json.object();
    doc.put("success", false);
    doc.putObject("error").put("kind", kind).put("message", message);
    return doc;
  }
}
