package org.osbuildj.core.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.host.ToolMissingException;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.InvalidManifestException;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.spi.StageImplementation;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.testing.RecordingIsolation;
import org.osbuildj.core.testing.TempDirectoryStore;
import org.osbuildj.core.testing.TestStages;

class OsbuildBuildTest {
  @TempDir Path dir;
  TempDirectoryStore store;
  RecordingIsolation isolation;
  List<BuildEvent> events;
  Osbuild osbuild;

  @BeforeEach
  void setUp() throws Exception {
    store = new TempDirectoryStore(dir.resolve("store"));
    isolation = new RecordingIsolation(true);
    events = new ArrayList<>();
    osbuild =
        Osbuild.builder()
            .store(store)
            .isolation(isolation)
            .catalog(
                StageCatalog.empty()
                    .with(TestStages.write())
                    .with(TestStages.shell())
                    .with(TestStages.copyOut()))
            .listener(events::add)
            .build();
  }

  private static Stage write(String path, String content) {
    return Stage.of("test.write", Json.object().put("path", path).put("content", content));
  }

  private static Stage shell(String script) {
    return Stage.of("test.shell", Json.object().put("script", script));
  }

  private static Assembler copyOut(String path, String filename) {
    return Assembler.of("test.copy-out", Json.object().put("path", path).put("filename", filename));
  }

  private static final String RECEIPT = OutputReceipt.FILE_NAME;

  private static Pipeline threeFiles(String lastContent) {
    return Pipeline.builder()
        .stage(write("a", "1"))
        .stage(write("b", "2"))
        .stage(write("c", lastContent))
        .assembler(copyOut("c", "c.txt"))
        .build();
  }

  @Test
  void buildsEveryStageCommitsEachAndAssemblesIntoTheOutput() throws Exception {
    Pipeline pipeline = threeFiles("3");
    BuildResult result = osbuild.build(pipeline, dir.resolve("out"));

    List<String> stored = new ArrayList<>(pipeline.stageIds());
    stored.add(pipeline.assemblerId().orElseThrow());
    assertThat(store.commits())
        .extracting(TreeRecord::treeId)
        .as("each stage's tree, then the output")
        .isEqualTo(stored);
    assertThat(store.commits())
        .last()
        .extracting(TreeRecord::stageName, TreeRecord::parentId)
        .containsExactly("test.copy-out", pipeline.treeId());
    assertThat(result.steps())
        .extracting(BuildResult.StepResult::cached)
        .containsExactly(false, false, false);
    assertThat(result.assembler()).hasValueSatisfying(step -> assertThat(step.cached()).isFalse());
    assertThat(result.outputFiles()).containsExactly(dir.resolve("out/c.txt"));
    assertThat(dir.resolve("out/c.txt")).hasContent("3");
    assertThat(store.objectPath(pipeline.treeId().orElseThrow()).resolve("a")).hasContent("1");
    try (var leftovers = Files.list(dir.resolve("out"))) {
      assertThat(leftovers)
          .as("no staging directory left in the output")
          .extracting(path -> path.getFileName().toString())
          .containsExactlyInAnyOrder("c.txt", RECEIPT);
    }
  }

  @Test
  void aSecondBuildTakesEveryStageAndTheOutputFromTheStoreAndRunsNothing() throws Exception {
    osbuild.build(threeFiles("3"), dir.resolve("out"));
    int sandboxesBefore = isolation.sandboxes().size();

    BuildResult second = osbuild.build(threeFiles("3"), dir.resolve("out2"));

    assertThat(second.tree().steps())
        .extracting(BuildResult.StepResult::cached)
        .containsExactly(true, true, true);
    assertThat(second.assembler()).hasValueSatisfying(step -> assertThat(step.cached()).isTrue());
    assertThat(isolation.sandboxes().size() - sandboxesBefore)
        .as("no sandbox: nothing ran")
        .isZero();
    assertThat(store.commits()).hasSize(4);
    assertThat(second.outputFiles()).containsExactly(dir.resolve("out2/c.txt"));
    assertThat(dir.resolve("out2/c.txt")).hasContent("3");
    try (var leftovers = Files.list(dir.resolve("out2"))) {
      assertThat(leftovers)
          .as("no staging directory left in the output")
          .extracting(path -> path.getFileName().toString())
          .containsExactlyInAnyOrder("c.txt", RECEIPT);
    }
  }

  /**
   * An image's bytes depend on SOURCE_DATE_EPOCH: an output made without it, or with another one,
   * is not handed out to a build that asks for one, from the store or from the output directory;
   * the same epoch again takes the kept one.
   */
  @Test
  void theKeptOutputIsTakenOnlyByABuildWithTheSameSourceDateEpoch() throws Exception {
    Path out = dir.resolve("out");
    osbuild.build(threeFiles("3"), out);
    String assemblerId = threeFiles("3").assemblerId().orElseThrow();

    BuildResult withEpoch = withEpoch(1_700_000_000).build(threeFiles("3"), out);
    BuildResult sameEpoch = withEpoch(1_700_000_000).build(threeFiles("3"), dir.resolve("out2"));
    BuildResult otherEpoch = withEpoch(1_600_000_000).build(threeFiles("3"), out);

    assertThat(withEpoch.tree().steps())
        .extracting(BuildResult.StepResult::cached)
        .containsExactly(true, true, true);
    assertThat(withEpoch.assembler())
        .hasValueSatisfying(step -> assertThat(step.cached()).as("epoch asked for").isFalse());
    assertThat(sameEpoch.assembler())
        .hasValueSatisfying(step -> assertThat(step.cached()).as("same epoch").isTrue());
    assertThat(otherEpoch.assembler())
        .hasValueSatisfying(step -> assertThat(step.cached()).as("another epoch").isFalse());
    assertThat(withEpoch.assembler().orElseThrow().step().id())
        .as("the id reports show stays osbuild's")
        .isEqualTo(assemblerId);
    assertThat(store.commits())
        .extracting(TreeRecord::stageName)
        .as("three trees, and one output per epoch")
        .containsExactly(
            "test.write",
            "test.write",
            "test.write",
            "test.copy-out",
            "test.copy-out",
            "test.copy-out");
  }

  private Osbuild withEpoch(long seconds) {
    return Osbuild.builder()
        .store(store)
        .isolation(isolation)
        .catalog(
            StageCatalog.empty()
                .with(TestStages.write())
                .with(TestStages.shell())
                .with(TestStages.copyOut()))
        .sourceDateEpoch(java.time.Instant.ofEpochSecond(seconds))
        .build();
  }

  /** A staging directory as a build killed during its assembler leaves it, partial output in it. */
  private static Path staleStaging(Path out, String name) throws Exception {
    Path staging = Files.createDirectories(out.resolve(name).resolve("output"));
    Files.writeString(staging.resolve("disk.qcow2"), "partial");
    return staging.getParent();
  }

  @Test
  void stagingDirectoriesOfBuildsThatStoppedAreRemovedByTheNextBuildIntoTheOutput()
      throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path withoutLock = staleStaging(out, ".assembling-3761893245178256317");
    Path unlocked = staleStaging(out, ".assembling-a1");
    Files.createFile(out.resolve(".assembling-a1.lock"));

    osbuild.build(threeFiles("3"), out);

    try (var left = Files.list(out)) {
      assertThat(left)
          .extracting(path -> path.getFileName().toString())
          .containsExactlyInAnyOrder("c.txt", RECEIPT);
    }
    assertThat(withoutLock).doesNotExist();
    assertThat(unlocked).doesNotExist();

    Path afterwards = staleStaging(out, ".assembling-a2");
    BuildResult again = osbuild.build(threeFiles("3"), out);

    assertThat(again.assembler()).hasValueSatisfying(step -> assertThat(step.cached()).isTrue());
    assertThat(afterwards).as("removed by a build that copies nothing too").doesNotExist();
  }

  @Test
  void theStagingDirectoryOfABuildStillRunningIsLeftAlone() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path running = staleStaging(out, ".assembling-b1");
    Path lockFile = out.resolve(".assembling-b1.lock");
    String classPath =
        Path.of(LockHolderMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    Process holder =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                classPath,
                LockHolderMain.class.getName(),
                lockFile.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      assertThat(
              new java.io.BufferedReader(
                      new java.io.InputStreamReader(
                          holder.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))
                  .readLine())
          .isEqualTo("locked");

      osbuild.build(threeFiles("3"), out);

      assertThat(running.resolve("output/disk.qcow2")).hasContent("partial");
      assertThat(lockFile).exists();
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        holder.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void aRebuildIntoTheSameOutputLeavesTheUntouchedOutputAsItIs() throws Exception {
    Pipeline pipeline = threeFiles("3");
    osbuild.build(pipeline, dir.resolve("out"));
    Object inode = Files.getAttribute(dir.resolve("out/c.txt"), "unix:ino");

    BuildResult again = osbuild.build(pipeline, dir.resolve("out"));

    assertThat(again.assembler()).hasValueSatisfying(step -> assertThat(step.cached()).isTrue());
    assertThat(again.outputFiles()).containsExactly(dir.resolve("out/c.txt"));
    assertThat(Files.getAttribute(dir.resolve("out/c.txt"), "unix:ino"))
        .as("the same file, not a new copy")
        .isEqualTo(inode);
  }

  @Test
  void anOutputReplacedOrTouchedByItsUserIsCopiedOutAgain() throws Exception {
    Pipeline pipeline = threeFiles("3");
    osbuild.build(pipeline, dir.resolve("out"));
    Files.writeString(dir.resolve("out/other.txt"), "3");
    Files.move(
        dir.resolve("out/other.txt"),
        dir.resolve("out/c.txt"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    osbuild.build(pipeline, dir.resolve("out"));
    Object copied = Files.getAttribute(dir.resolve("out/c.txt"), "unix:ino");
    Files.setLastModifiedTime(
        dir.resolve("out/c.txt"), java.nio.file.attribute.FileTime.fromMillis(0));

    osbuild.build(pipeline, dir.resolve("out"));

    assertThat(Files.getAttribute(dir.resolve("out/c.txt"), "unix:ino"))
        .as("touched: copied again")
        .isNotEqualTo(copied);
    assertThat(dir.resolve("out/c.txt")).hasContent("3");
  }

  @Test
  void anOutputChangedByItsUserIsReplacedByTheStoredOneNotCopiedIntoTheStore() throws Exception {
    Pipeline pipeline = threeFiles("3");
    osbuild.build(pipeline, dir.resolve("out"));
    Files.writeString(dir.resolve("out/c.txt"), "edited by hand");

    osbuild.build(pipeline, dir.resolve("out"));

    assertThat(dir.resolve("out/c.txt")).hasContent("3");
    assertThat(store.objectPath(pipeline.assemblerId().orElseThrow()).resolve("c.txt"))
        .hasContent("3");
  }

  @Test
  void rebuildAfterChangingLastStageRunsOnlyThatStage() throws Exception {
    osbuild.build(threeFiles("3"), dir.resolve("out"));
    Pipeline changed = threeFiles("three");

    BuildResult result = osbuild.build(changed, dir.resolve("out"));

    assertThat(result.tree().steps())
        .extracting(BuildResult.StepResult::cached)
        .containsExactly(true, true, false);
    assertThat(result.assembler())
        .hasValueSatisfying(step -> assertThat(step.cached()).as("a new tree").isFalse());
    assertThat(store.commits())
        .extracting(TreeRecord::treeId)
        .endsWith(changed.treeId().orElseThrow(), changed.assemblerId().orElseThrow());
    assertThat(dir.resolve("out/c.txt")).hasContent("three");
    assertThat(store.objectPath(changed.treeId().orElseThrow()).resolve("b"))
        .as("the rebuilt stage starts from the cached tree")
        .hasContent("2");
  }

  @Test
  void aFailingStageNamesItselfItsIdItsStatusAndItsLastOutputAndKeepsEarlierStages()
      throws Exception {
    Pipeline pipeline =
        Pipeline.builder()
            .stage(write("a", "1"))
            .stage(shell("echo preparing; echo 'no space left' >&2; exit 7"))
            .stage(write("c", "never"))
            .build();

    var failure =
        catchThrowableOfType(
            StageFailedException.class, () -> osbuild.build(pipeline, dir.resolve("out")));

    assertThat(failure.step().name()).isEqualTo("test.shell");
    assertThat(failure.step().id()).isEqualTo(pipeline.stageIds().get(1));
    assertThat(failure.exitStatus()).contains(7);
    assertThat(failure.outputTail()).containsExactly("preparing", "no space left");
    assertThat(failure.getMessage())
        .contains("stage test.shell (id " + pipeline.stageIds().get(1))
        .contains("status 7")
        .contains("| no space left");
    assertThat(store.ids()).containsExactly(pipeline.stageIds().get(0));
    assertThat(events).filteredOn(BuildEvent.StepFailed.class::isInstance).hasSize(1);
  }

  @Test
  void aFailingAssemblerLeavesNothingInTheOutput() throws Exception {
    Pipeline pipeline =
        Pipeline.builder()
            .stage(write("a", "1"))
            .assembler(Assembler.of("test.copy-out", Json.object().put("fail", true)))
            .build();

    var failure =
        catchThrowableOfType(
            StageFailedException.class, () -> osbuild.build(pipeline, dir.resolve("out")));

    assertThat(failure.getMessage()).contains("assembler test.copy-out").contains("asked to fail");
    try (var left = Files.list(dir.resolve("out"))) {
      assertThat(left).as("neither the partial file nor the staging directory").isEmpty();
    }
    assertThat(store.ids()).containsExactly(pipeline.stageIds().get(0));
  }

  @Test
  void anInvalidPipelineRunsNothingAndWritesNothingToTheStore() throws Exception {
    Pipeline pipeline =
        Pipeline.builder()
            .buildPipeline(Pipeline.builder().stage(Stage.of("no.such.stage")).build())
            .stage(write("a", "1"))
            .stage(Stage.of("test.write", Json.object().put("path", 3).put("content", "x")))
            .assembler(Assembler.of("no.such.assembler"))
            .build();

    var e =
        catchThrowableOfType(
            InvalidManifestException.class, () -> osbuild.build(pipeline, dir.resolve("out")));

    assertThat(e.problems())
        .extracting(Problem::path)
        .containsExactly(".build.stages[0].name", ".stages[1].options.path", ".assembler.name");
    assertThat(e.problems().get(0).message()).contains("unknown stage 'no.such.stage'");
    assertThat(store.ids()).isEmpty();
    assertThat(isolation.sandboxes()).isEmpty();
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void theBuildPipelineIsBuiltFirstAndItsTreeIsTheBuildRootOfTheStages() throws Exception {
    Pipeline build = Pipeline.builder().stage(write("tools", "yes")).build();
    Pipeline pipeline = Pipeline.builder().buildPipeline(build).stage(write("a", "1")).build();

    BuildResult result = osbuild.build(pipeline, null);

    assertThat(result.pipelines())
        .extracting(BuildResult.PipelineResult::name)
        .containsExactly("build", "tree");
    assertThat(store.commits())
        .extracting(TreeRecord::treeId)
        .containsExactly(build.treeId().orElseThrow(), pipeline.treeId().orElseThrow());
    var stageSandbox = isolation.sandboxes().get(1);
    assertThat(stageSandbox.buildRoot()).isPresent();
    assertThat(isolation.sandboxes().get(0).buildRoot())
        .as("the build pipeline runs on the host")
        .isEmpty();
  }

  @Test
  void eventsTellEachStageStartAndEndAndWhetherItWasCached() throws Exception {
    osbuild.build(threeFiles("3"), dir.resolve("out"));
    events.clear();
    osbuild.build(threeFiles("4"), dir.resolve("out"));

    assertThat(events)
        .filteredOn(BuildEvent.StepFinished.class::isInstance)
        .extracting(
            e ->
                ((BuildEvent.StepFinished) e).step().display()
                    + " cached="
                    + ((BuildEvent.StepFinished) e).cached())
        .containsExactly(
            "stage 1/4 test.write cached=true",
            "stage 2/4 test.write cached=true",
            "stage 3/4 test.write cached=false",
            "assembler 4/4 test.copy-out cached=false");
    assertThat(events)
        .first()
        .isInstanceOfSatisfying(
            BuildEvent.PipelineStarted.class, started -> assertThat(started.cached()).isEqualTo(2));
  }

  @Test
  void stageOutputReachesListenersLineByLine() throws Exception {
    osbuild.build(Pipeline.builder().stage(shell("echo one; echo two")).build(), null);

    assertThat(events)
        .filteredOn(BuildEvent.StepLog.class::isInstance)
        .extracting(e -> ((BuildEvent.StepLog) e).line())
        .containsExactly("one", "two");
  }

  @Test
  void aBaseTreeThatIsNotInTheStoreIsAnInvalidManifest() {
    Pipeline pipeline = Pipeline.builder().base("a".repeat(64)).stage(write("a", "1")).build();

    var e =
        catchThrowableOfType(InvalidManifestException.class, () -> osbuild.build(pipeline, null));

    assertThat(e.problems()).extracting(Problem::path).containsExactly(".base");
  }

  @Test
  void aPipelineOnABaseStartsFromThatStoredTree() throws Exception {
    Pipeline first = Pipeline.builder().stage(write("a", "1")).build();
    osbuild.build(first, null);
    Pipeline onBase =
        Pipeline.builder()
            .base(first.treeId().orElseThrow())
            .stage(write("b", "2"))
            .assembler(copyOut("a", "a.txt"))
            .build();

    osbuild.build(onBase, dir.resolve("out"));

    assertThat(dir.resolve("out/a.txt")).hasContent("1");
    assertThat(store.commits())
        .filteredOn(commit -> commit.treeId().equals(onBase.treeId().orElseThrow()))
        .singleElement()
        .extracting(TreeRecord::parentId)
        .isEqualTo(first.treeId());
  }

  @Test
  void aFailingStagesWholeOutputIsKeptInALogFileThatTheErrorNames() throws Exception {
    Path logs = dir.resolve("logs");
    Osbuild logging =
        Osbuild.builder()
            .store(store)
            .isolation(isolation)
            .catalog(StageCatalog.empty().with(TestStages.shell()))
            .logDirectory(logs)
            .build();
    Pipeline pipeline = Pipeline.builder().stage(shell("seq 1 100; exit 2")).build();

    var failure =
        catchThrowableOfType(StageFailedException.class, () -> logging.build(pipeline, null));

    Path logFile = logs.resolve(pipeline.stageIds().get(0) + ".log");
    assertThat(failure.logFile()).contains(logFile);
    assertThat(failure.getMessage()).contains("full log: " + logFile);
    assertThat(failure.outputTail()).hasSizeLessThan(100).endsWith("100");
    assertThat(Files.readAllLines(logFile)).contains("1", "50", "100");
  }

  @Test
  void anOverlongLineIsCutInTheErrorAndTheEventsButKeptWholeInTheLogFile() throws Exception {
    Path logs = dir.resolve("logs");
    Osbuild logging =
        Osbuild.builder()
            .store(store)
            .isolation(isolation)
            .catalog(StageCatalog.empty().with(TestStages.shell()))
            .logDirectory(logs)
            .listener(events::add)
            .build();
    Pipeline pipeline =
        Pipeline.builder()
            .stage(shell("head -c 20000000 /dev/zero | tr '\\0' a; printf '\\nend'; exit 2"))
            .build();

    var failure =
        catchThrowableOfType(StageFailedException.class, () -> logging.build(pipeline, null));

    String cut = "a".repeat(65536) + "\u2026 (19934464 bytes cut)";
    assertThat(failure.outputTail()).extracting(String::length).containsExactly(cut.length(), 3);
    assertThat(failure.outputTail()).containsExactly(cut, "end");
    assertThat(events)
        .filteredOn(BuildEvent.StepLog.class::isInstance)
        .extracting(event -> ((BuildEvent.StepLog) event).line().length())
        .containsExactly(cut.length(), 3);
    List<String> logged = Files.readAllLines(logs.resolve(pipeline.stageIds().get(0) + ".log"));
    assertThat(logged).hasSize(4);
    assertThat(logged.get(1)).as("the whole line").hasSize(20_000_000);
    assertThat(logged.get(1).chars().allMatch(c -> c == 'a')).isTrue();
    assertThat(logged.get(2)).isEqualTo("end");
    assertThat(logged.get(3)).startsWith("# failed: command exited with status 2: sh -c ");
  }

  @Test
  void aLinkPlantedWhereTheReceiptUsedToBeWrittenFirstIsNotFollowed() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path victim = Files.writeString(dir.resolve("victim"), "marker\n");
    Files.createSymbolicLink(out.resolve(RECEIPT + ".tmp"), victim);

    osbuild.build(threeFiles("3"), out);

    assertThat(victim).hasContent("marker\n");
    assertThat(out.resolve(RECEIPT)).isRegularFile().content().contains("\"assembler_id\"");
    try (var left = Files.list(out)) {
      assertThat(left)
          .as("no temporary file of the receipt left")
          .extracting(path -> path.getFileName().toString())
          .containsExactlyInAnyOrder("c.txt", RECEIPT, RECEIPT + ".tmp");
    }
  }

  @Test
  void aLinkPlantedAtTheReceiptIsReplacedNotFollowed() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path victim = Files.writeString(dir.resolve("victim"), "marker\n");
    Files.createSymbolicLink(out.resolve(RECEIPT), victim);

    osbuild.build(threeFiles("3"), out);

    assertThat(victim).hasContent("marker\n");
    assertThat(out.resolve(RECEIPT)).isRegularFile();
  }

  @Test
  void aLinkPlantedAtAStepsLogFileIsReplacedNotFollowed() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path victim = Files.writeString(dir.resolve("victim"), "marker\n");
    Pipeline pipeline = Pipeline.builder().stage(shell("echo written")).build();
    Path logFile = logs.resolve(pipeline.stageIds().get(0) + ".log");
    Files.createSymbolicLink(logFile, victim);
    Osbuild logging =
        Osbuild.builder()
            .store(store)
            .isolation(isolation)
            .catalog(StageCatalog.empty().with(TestStages.shell()))
            .logDirectory(logs)
            .build();

    logging.build(pipeline, null);

    assertThat(victim).hasContent("marker\n");
    assertThat(logFile).isRegularFile();
    assertThat(Files.readAllLines(logFile)).last().isEqualTo("written");
  }

  @Test
  void aMissingHostToolIsNamedWithItsPackageBeforeAnythingRuns() throws Exception {
    StageImplementation needsTool =
        new StageImplementation() {
          @Override
          public String name() {
            return "test.needs-tool";
          }

          @Override
          public java.util.Optional<String> optionsSchema() {
            return java.util.Optional.empty();
          }

          @Override
          public List<HostTool> requiredTools(org.osbuildj.core.pipeline.Options options) {
            return List.of(
                HostTool.of("sh", "dash"),
                HostTool.of("osbuildj-no-such-tool", "osbuildj-tools"),
                HostTool.of("/osbuildj/no/such/file", "osbuildj-data"));
          }

          @Override
          public void run(org.osbuildj.core.spi.StageContext context) {
            throw new AssertionError("must not run");
          }
        };
    Osbuild checking =
        Osbuild.builder()
            .store(store)
            .isolation(isolation)
            .catalog(StageCatalog.empty().with(TestStages.write()).with(needsTool))
            .build();
    Pipeline pipeline =
        Pipeline.builder().stage(write("a", "1")).stage(Stage.of("test.needs-tool")).build();

    var e = catchThrowableOfType(ToolMissingException.class, () -> checking.build(pipeline, null));

    assertThat(e.packages()).containsExactly("osbuildj-data", "osbuildj-tools");
    assertThat(e.getMessage())
        .contains("osbuildj-no-such-tool")
        .contains("apt-get install osbuildj-data osbuildj-tools");
    assertThat(store.ids()).isEmpty();
  }

  @Test
  void aStageGetsTheStoresCacheDirectoriesItAsksForAndWhatItLeavesThereIsKept() throws Exception {
    Path cacheRoot = dir.resolve("caches");
    TempDirectoryStore caching =
        new TempDirectoryStore(dir.resolve("store2")) {
          @Override
          public java.util.Optional<Path> cacheDirectory(String name) throws java.io.IOException {
            return java.util.Optional.of(Files.createDirectories(cacheRoot.resolve(name)));
          }
        };
    StageImplementation downloads =
        new StageImplementation() {
          @Override
          public String name() {
            return "test.download";
          }

          @Override
          public java.util.Optional<String> optionsSchema() {
            return java.util.Optional.empty();
          }

          @Override
          public List<String> caches(org.osbuildj.core.pipeline.Options options) {
            return List.of("packages");
          }

          @Override
          public void run(org.osbuildj.core.spi.StageContext context) throws Exception {
            String cache = context.sandbox().cacheInRoot("packages").orElseThrow();
            context
                .sandbox()
                .exec(
                    org.osbuildj.core.isolation.Command.of(
                        "sh", "-c", "echo deb > " + cache + "/p.deb"))
                .orThrow();
          }
        };
    Osbuild withCaches =
        Osbuild.builder()
            .store(caching)
            .isolation(isolation)
            .catalog(StageCatalog.empty().with(downloads))
            .build();

    withCaches.build(Pipeline.builder().stage(Stage.of("test.download")).build(), null);

    assertThat(cacheRoot.resolve("packages/p.deb")).hasContent("deb");
    assertThat(isolation.sandboxes())
        .last()
        .satisfies(
            spec ->
                assertThat(spec.caches()).containsEntry("packages", cacheRoot.resolve("packages")));
  }
}
