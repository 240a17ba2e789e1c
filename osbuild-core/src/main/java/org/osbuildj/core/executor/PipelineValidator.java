package org.osbuildj.core.executor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.manifest.Manifest.Form;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.source.RemoteFile;
import org.osbuildj.core.source.Sources;
import org.osbuildj.core.spi.StepImplementation;
import org.osbuildj.core.store.Store;

/**
 * Checks a whole pipeline before anything runs: every stage and assembler has an implementation,
 * every options object satisfies its schema, every base is in the store (when a store is given;
 * pass null to check without opening one), the sources can be fetched. Collects all problems, each
 * with the JSON path it has in the manifest.
 */
final class PipelineValidator {
  private final StageCatalog catalog;
  private final OptionsValidator options;
  private final Store store;

  PipelineValidator(StageCatalog catalog, OptionsValidator options, Store store) {
    this.catalog = catalog;
    this.options = options;
    this.store = store;
  }

  /**
   * Every problem of the pipeline and its sources, in manifest order, with the JSON paths of a
   * manifest of that form.
   */
  List<Problem> problems(Pipeline pipeline, Sources sources, Form form) throws IOException {
    List<Problem> problems = new ArrayList<>();
    check(pipeline, form, form.pipelinePath(), false, problems);
    checkSources(sources, form, problems);
    return problems;
  }

  private void check(
      Pipeline pipeline, Form form, String path, boolean isBuild, List<Problem> problems)
      throws IOException {
    if (pipeline.buildPipeline().isPresent()) {
      check(pipeline.buildPipeline().get(), form, form.buildPath(path), true, problems);
    }
    if (pipeline.base().isPresent() && store != null && !store.contains(pipeline.base().get())) {
      problems.add(
          new Problem(
              path + ".base",
              "no tree with id " + pipeline.base().get() + " in the " + store.describe()));
    }
    for (int i = 0; i < pipeline.stages().size(); i++) {
      Stage stage = pipeline.stages().get(i);
      String stagePath = path + ".stages[" + i + "]";
      Optional<? extends StepImplementation> impl = catalog.stage(stage.name());
      if (impl.isEmpty()) {
        problems.add(
            new Problem(
                stagePath + ".name",
                "unknown stage '"
                    + stage.name()
                    + "': "
                    + NOT_HERE.getOrDefault(stage.name(), whereLooked("stages", stage.name()))));
      } else {
        problems.addAll(options.validate(impl.get(), stage.options(), stagePath + ".options"));
      }
    }
    if (pipeline.assembler().isPresent()) {
      Assembler assembler = pipeline.assembler().get();
      String assemblerPath = path + ".assembler";
      if (isBuild) {
        problems.add(
            new Problem(assemblerPath, "a build pipeline has no assembler: only its tree is used"));
      }
      Optional<? extends StepImplementation> impl = catalog.assembler(assembler.name());
      if (impl.isEmpty()) {
        problems.add(
            new Problem(
                assemblerPath + ".name",
                "unknown assembler '"
                    + assembler.name()
                    + "': "
                    + whereLooked("assemblers", assembler.name())));
      } else {
        problems.addAll(
            options.validate(impl.get(), assembler.options(), assemblerPath + ".options"));
      }
    }
  }

  /**
   * What a manifest's sources need that this build cannot give: a store that keeps source files
   * (when a store is given), and no secrets provider (osbuild's {@code org.osbuild.rhsm} read the
   * host's subscription certificates, which nothing here does).
   */
  private void checkSources(Sources sources, Form form, List<Problem> problems) {
    if (sources.isEmpty()) {
      return;
    }
    for (Sources.TypedFile typed : sources.files()) {
      RemoteFile file = typed.file();
      if (file.secrets().isPresent()) {
        problems.add(
            new Problem(
                form.sourceFilePath(typed.type(), file.checksum()) + ".secrets",
                "the secrets provider "
                    + file.secrets().get()
                    + " is not supported here: files are fetched without client certificates"));
      }
    }
    if (store != null && store.sourceStore().isEmpty()) {
      problems.add(
          new Problem(
              ".sources",
              "the "
                  + store.describe()
                  + " keeps no source files, so the sources cannot be fetched"));
    }
  }

  /**
   * The osbuild seed's stages that have no native implementation because the tool they drive does
   * not exist on Debian, and why: said instead of where the stage was looked for. A libdir that has
   * the seed's own stage still runs it (this is said only when none was found).
   */
  private static final Map<String, String> NOT_HERE =
      Map.of(
          "org.osbuild.anaconda",
          "not supported on Debian hosts: the osbuild seed's stage runs Fedora's installer,"
              + " anaconda (anaconda --cmdline --dirinstall with a kickstart), which Debian does not"
              + " package, so there is nothing here to run it with; the seed's own stage runs with -l"
              + " DIR in a build pipeline whose tree has anaconda (a Fedora tree)");

  private String whereLooked(String kind, String name) {
    String natives = "no native " + kind.substring(0, kind.length() - 1) + " has that name";
    return catalog
        .libdir()
        .map(
            dir ->
                natives + ", and " + dir.resolve(kind).resolve(name) + " is not an executable file")
        .orElse(natives + ", and no library directory (--libdir) was given for external ones");
  }
}
