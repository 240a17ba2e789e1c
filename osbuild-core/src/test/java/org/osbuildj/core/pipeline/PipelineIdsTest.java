package org.osbuildj.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.Manifest;

/** Pins the id scheme of docs/ids.md: changing these values breaks every user's store. */
class PipelineIdsTest {
  private static Stage hostname(String name) {
    return Stage.of("org.osbuild.hostname", Json.object().put("hostname", name));
  }

  private static Pipeline threeStages(String middleHostname) {
    return Pipeline.builder()
        .stage(Stage.of("org.osbuild.noop"))
        .stage(hostname(middleHostname))
        .stage(Stage.of("org.osbuild.timezone", Json.object().put("zone", "UTC")))
        .build();
  }

  @Test
  void idsArePinnedToFixedValues() {
    // Computed independently of this code base: Python's json.dumps(sort_keys=True,
    // separators=(',', ':')) of {"build", "name", "options", "parent"}, hashed with SHA-256.
    assertThat(threeStages("demo").stageIds())
        .containsExactly(
            "b5018cd90fd26a5acd22ddb4ca8eabdb9e17d8126764786124c31eeefcf095df",
            "53ed151678ccacc1a8be3fe76fea31954067aed6329954f425e48ca7a6a18957",
            "c3c1f2bb1f3c5bdfc4c76046c90ac3772f1324127e09f9689f60d0172c309e26");
  }

  @Test
  void changingOneStageChangesItsIdAndEveryLaterIdButNoEarlierOne() {
    Pipeline before = threeStages("demo");
    Pipeline after = threeStages("other");
    assertThat(after.stageIds().get(0)).isEqualTo(before.stageIds().get(0));
    assertThat(after.stageIds().get(1)).isNotEqualTo(before.stageIds().get(1));
    assertThat(after.stageIds().get(2)).isNotEqualTo(before.stageIds().get(2));
  }

  @Test
  void aDifferentBuildPipelineChangesEveryStageId() {
    Pipeline build1 = Pipeline.builder().stage(Stage.of("org.osbuild.noop")).build();
    Pipeline build2 = Pipeline.builder().stage(hostname("builder")).build();
    Pipeline a = threeStages("demo").toBuilder().buildPipeline(build1).build();
    Pipeline b = threeStages("demo").toBuilder().buildPipeline(build2).build();
    for (int i = 0; i < 3; i++) {
      assertThat(a.stageIds().get(i)).isNotEqualTo(b.stageIds().get(i));
    }
    assertThat(a.buildId()).contains(build1.treeId().orElseThrow());
  }

  @Test
  void keyOrderInOptionsDoesNotChangeTheId() {
    Stage one = Stage.of("x.y", Json.object().put("a", 1).put("b", 2));
    Stage two = Stage.of("x.y", Json.object().put("b", 2).put("a", 1));
    assertThat(one).isEqualTo(two);
    assertThat(Pipeline.builder().stage(one).build().stageIds())
        .isEqualTo(Pipeline.builder().stage(two).build().stageIds());
  }

  @Test
  void absentAndEmptyOptionsAreTheSameStage() {
    Pipeline fromJson =
        Manifest.read(
            "{\"stages\": [{\"name\": \"org.osbuild.noop\"}, "
                + "{\"name\": \"org.osbuild.noop\", \"options\": {}}]}");
    Pipeline inCode =
        Pipeline.builder()
            .stage(Stage.of("org.osbuild.noop"))
            .stage(Stage.of("org.osbuild.noop"))
            .build();
    assertThat(fromJson).isEqualTo(inCode);
    assertThat(fromJson.stageIds()).isEqualTo(inCode.stageIds());
  }

  @Test
  void aBaseIsTheFirstStagesParentAndTheTreeIdOfAnEmptyPipeline() {
    String base = threeStages("demo").treeId().orElseThrow();
    Pipeline onBase = Pipeline.builder().base(base).build();
    assertThat(onBase.treeId()).contains(base);
    Pipeline withStage = Pipeline.builder().base(base).stage(Stage.of("org.osbuild.noop")).build();
    assertThat(withStage.stageIds().get(0))
        .isNotEqualTo(
            Pipeline.builder().stage(Stage.of("org.osbuild.noop")).build().stageIds().get(0));
  }

  @Test
  void anEmptyPipelineHasAnEmptyTreeAndCannotServeAsBuildRoot() {
    assertThat(Pipeline.builder().build().treeId()).isEmpty();
    assertThatThrownBy(() -> Pipeline.builder().buildPipeline(Pipeline.builder().build()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty build root");
  }

  @Test
  void optionsGivenToAStageCannotBeChangedAfterwards() {
    var json = Json.object().put("hostname", "demo");
    Stage stage = Stage.of("org.osbuild.hostname", json);
    json.put("hostname", "changed");
    stage.options().json().put("hostname", "changed too");
    assertThat(stage.options().string("hostname")).isEqualTo("demo");
  }
}
