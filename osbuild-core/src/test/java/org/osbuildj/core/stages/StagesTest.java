package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.pipeline.Stage;

class StagesTest {

  @Test
  void typedStagesEqualTheSameStagesBuiltByName() {
    assertThat(Stages.noop()).isEqualTo(Stage.of("org.osbuild.noop", Json.object()));
    assertThat(Stages.hostname("demo"))
        .isEqualTo(Stage.of("org.osbuild.hostname", Json.object().put("hostname", "demo")));
    assertThat(Stages.timezone("UTC"))
        .isEqualTo(Stage.of("org.osbuild.timezone", Json.object().put("zone", "UTC")));
    assertThat(Stages.locale("en_US.UTF-8"))
        .isEqualTo(Stage.of("org.osbuild.locale", Json.object().put("language", "en_US.UTF-8")));
  }

  @Test
  void typedStagesCarryOnlyTheirNamedOption() {
    assertThat(Stages.hostname("demo").options())
        .isEqualTo(Options.of(Json.object().put("hostname", "demo")));
    assertThat(Stages.hostname("demo").options().canonical()).isEqualTo("{\"hostname\":\"demo\"}");
  }

  @Test
  void everyBuiltInStageIsFoundOnTheClassPathUnderItsName() {
    StageCatalog catalog = StageCatalog.fromClassPath();

    assertThat(catalog.nativeStageNames())
        .contains(
            "org.osbuild.noop",
            "org.osbuild.hostname",
            "org.osbuild.timezone",
            "org.osbuild.locale");
    assertThat(catalog.stage("org.osbuild.hostname")).get().isInstanceOf(HostnameStage.class);
    for (String name : catalog.nativeStageNames()) {
      assertThat(catalog.stage(name).orElseThrow().name()).isEqualTo(name);
      assertThat(catalog.stage(name).orElseThrow().optionsSchema())
          .as(name)
          .get()
          .asString()
          .contains("\"title\"");
    }
  }
}
