package org.osbuildj.core.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.pipelines.NamedPipeline;
import org.osbuildj.core.pipelines.PipelineGraph;
import org.osbuildj.core.pipelines.PipelineStage;
import org.osbuildj.core.spi.StageImplementation;

/**
 * What of a format-2 manifest this executor cannot build yet, found before anything runs: each
 * problem at its JSON path, naming the pipeline, the stage's index and its type ({@code
 * .pipelines[1].stages[0]: pipeline "image", stage 0 (org.osbuild.truncate): ...}).
 *
 * <p>Built today: named pipelines in order, {@code build: name:X} (X's tree as the build root),
 * {@code runner} (accepted: every build root is prepared alike), {@code source-epoch} (the stages'
 * SOURCE_DATE_EPOCH), and the stages of {@link #EXECUTABLE}. Not yet: inputs, devices, mounts,
 * sources, and every other stage type.
 */
public final class Format2Support {
  /**
   * The native stages that run a format-2 stage of the same name: those whose format-2 options are
   * their own ({@link Format2OptionsCheck#SAME_OPTIONS}) and {@code org.osbuild.mkdir}, whose
   * format-2 {@code paths} are its own for paths in the tree given as absolute paths (its schema
   * refuses osbuild's relative, {@code tree://} and {@code mount://} forms, with their path), and
   * {@code org.osbuild.chmod}, whose format-2 {@code items} (path: mode, recursive) are its own
   * (its schema accepts only the octal and chmod(1)'s symbolic modes).
   */
  public static final Set<String> EXECUTABLE =
      Set.of(
          "org.osbuild.hostname",
          "org.osbuild.timezone",
          "org.osbuild.locale",
          "org.osbuild.keymap",
          "org.osbuild.noop",
          "org.osbuild.mkdir",
          "org.osbuild.chmod");

  private final OptionsValidator validator = new OptionsValidator();

  /**
   * Every reason this graph cannot be built here, in manifest order; empty when it can. Options of
   * {@link Format2OptionsCheck#SAME_OPTIONS} stages are that check's, not repeated here.
   */
  public List<Problem> unsupported(PipelineGraph graph, StageCatalog catalog) {
    List<Problem> problems = new ArrayList<>();
    for (String type : graph.sources().keySet()) {
      problems.add(
          new Problem(
              ".sources." + type,
              "source " + type + ": fetching sources for a format-2 build is not implemented yet"));
    }
    for (int p = 0; p < graph.pipelines().size(); p++) {
      NamedPipeline pipeline = graph.pipelines().get(p);
      for (int s = 0; s < pipeline.stages().size(); s++) {
        problems.addAll(stageProblems(pipeline, p, s, catalog));
      }
    }
    return problems;
  }

  private List<Problem> stageProblems(NamedPipeline pipeline, int p, int s, StageCatalog catalog) {
    PipelineStage stage = pipeline.stages().get(s);
    String path = ".pipelines[" + p + "].stages[" + s + "]";
    String what = "pipeline \"" + pipeline.name() + "\", stage " + s + " (" + stage.type() + "): ";
    List<Problem> problems = new ArrayList<>();
    Optional<StageImplementation> implementation = catalog.stage(stage.type());
    boolean nativeStage = implementation.isPresent() && implementation.get().library().isEmpty();
    if (!EXECUTABLE.contains(stage.type()) || !nativeStage) {
      problems.add(
          new Problem(
              path + ".type",
              what
                  + "no format-2 implementation of this stage yet (those there are: "
                  + String.join(", ", EXECUTABLE.stream().sorted().toList())
                  + ")"));
    }
    stage
        .inputs()
        .forEach(
            (name, input) ->
                problems.add(
                    new Problem(
                        path + ".inputs." + name,
                        what
                            + "input "
                            + name
                            + " ("
                            + input.type()
                            + ") is not implemented yet")));
    stage
        .devices()
        .forEach(
            (name, device) ->
                problems.add(
                    new Problem(
                        path + ".devices." + name,
                        what
                            + "device "
                            + name
                            + " ("
                            + device.type()
                            + ") is not implemented yet")));
    for (int m = 0; m < stage.mounts().size(); m++) {
      problems.add(
          new Problem(
              path + ".mounts[" + m + "]",
              what
                  + "mount "
                  + stage.mounts().get(m).name()
                  + " ("
                  + stage.mounts().get(m).type()
                  + ") is not implemented yet"));
    }
    if (problems.isEmpty() && !Format2OptionsCheck.SAME_OPTIONS.contains(stage.type())) {
      problems.addAll(
          validator.validate(implementation.get(), Options.of(stage.options()), path + ".options"));
    }
    return problems;
  }
}
