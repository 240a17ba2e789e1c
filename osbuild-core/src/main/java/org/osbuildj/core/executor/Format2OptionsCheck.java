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
 * Checks the options of a format-2 manifest's stages against the schemas of the native stages of
 * those names, where osbuild's format-2 options of the stage are options of the native stage too
 * ({@link #SAME_OPTIONS}); each problem at its path ({@code .pipelines[1].stages[0].options.zone}).
 *
 * <p>The other native stages take options of a different shape in format 2 ({@code
 * org.osbuild.copy} copies {@code paths} between inputs, mounts and the tree) or options they do
 * not implement ({@code org.osbuild.users}' {@code expiredate}, {@code org.osbuild.systemd}'s
 * {@code masked_generators}, ...): checked against the native schema, valid manifests of osbuild
 * would be refused, so they are not checked yet, nor are stages without a native implementation.
 */
public final class Format2OptionsCheck {
  /**
   * The stages whose options in osbuild's format 2 (v190: the same as in its format 1) are all
   * options of the native stage, with the same meaning; the native schema may be stricter (the safe
   * patterns of hostnames, zones, keymaps).
   */
  public static final Set<String> SAME_OPTIONS =
      Set.of(
          "org.osbuild.hostname",
          "org.osbuild.timezone",
          "org.osbuild.locale",
          "org.osbuild.keymap",
          "org.osbuild.noop");

  private final OptionsValidator validator = new OptionsValidator();

  /** Every problem of the options of those stages, in manifest order. */
  public List<Problem> problems(PipelineGraph graph, StageCatalog catalog) {
    List<Problem> problems = new ArrayList<>();
    for (int p = 0; p < graph.pipelines().size(); p++) {
      NamedPipeline pipeline = graph.pipelines().get(p);
      for (int s = 0; s < pipeline.stages().size(); s++) {
        PipelineStage stage = pipeline.stages().get(s);
        if (!SAME_OPTIONS.contains(stage.type())) continue;
        Optional<StageImplementation> implementation = catalog.stage(stage.type());
        // A libdir's executable of that name is not the native stage: its schema is its own.
        if (implementation.isEmpty() || implementation.get().library().isPresent()) continue;
        problems.addAll(
            validator.validate(
                implementation.get(),
                Options.of(stage.options()),
                ".pipelines[" + p + "].stages[" + s + "].options"));
      }
    }
    return problems;
  }
}
