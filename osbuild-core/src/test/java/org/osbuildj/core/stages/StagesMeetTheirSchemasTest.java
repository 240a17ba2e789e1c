package org.osbuildj.core.stages;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.executor.OptionsValidator;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.pipeline.StageSource;
import org.osbuildj.core.stages.options.CopyOptions.InlineFile;

/**
 * What the typed helpers make is valid for the stage's schema, and every option of it can be made.
 */
class StagesMeetTheirSchemasTest {
  private static final StageCatalog CATALOG = StageCatalog.fromClassPath();
  private final OptionsValidator validator = new OptionsValidator();

  static List<StageHelperCases.Case> cases() {
    return StageHelperCases.all();
  }

  private List<Problem> problems(StageSource source) {
    Stage stage = source.toStage();
    return validator.validate(
        CATALOG.stage(stage.name()).orElseThrow(), stage.options(), ".stages[0].options");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void whatTheHelperMakesIsValidForTheStagesSchema(StageHelperCases.Case c) {
    assertThat(problems(c.helper())).isEmpty();
  }

  @Test
  void everyBuiltInStageHasAHelper() {
    Set<String> withHelpers =
        cases().stream().map(c -> c.helper().toStage().name()).collect(toSet());

    assertThat(withHelpers).containsExactlyInAnyOrderElementsOf(CATALOG.nativeStageNames());
  }

  @Test
  void everyOptionOfEverySchemaIsWrittenByAHelper() throws Exception {
    for (String name : CATALOG.nativeStageNames()) {
      JsonNode schema =
          Json.mapper().readTree(CATALOG.stage(name).orElseThrow().optionsSchema().orElseThrow());
      Set<String> written = new TreeSet<>();
      cases().stream()
          .filter(c -> c.name().equals(name))
          .forEach(c -> fieldNames(c.helper().toStage().options().json(), written));

      assertThat(written).as(name).containsAll(declaredOptions(schema, new TreeSet<>()));
    }
  }

  /** The names under every {@code properties} of a schema, at any depth. */
  private static Set<String> declaredOptions(JsonNode schema, Set<String> names) {
    if (schema.has("properties") && schema.get("properties").isObject()) {
      schema.get("properties").fieldNames().forEachRemaining(names::add);
    }
    schema.forEach(child -> declaredOptions(child, names));
    return names;
  }

  private static void fieldNames(JsonNode json, Set<String> names) {
    if (json.isObject()) {
      json.fieldNames().forEachRemaining(names::add);
    }
    json.forEach(child -> fieldNames(child, names));
  }

  @Test
  void aBadValueFromAHelperIsAProblemAtItsJsonPath() {
    assertThat(problems(Stages.mmdebstrap("Bookworm!")))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".stages[0].options.suite"));
    assertThat(problems(Stages.apt("ok", "not a package")))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".stages[0].options.packages[1]"));
    assertThat(problems(Stages.keymap("us").withX11Layouts()))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".stages[0].options.x11-keymap.layouts"));
    assertThat(problems(Stages.grub2(StageHelperCases.UUID).withTimeout(-1)))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".stages[0].options.timeout"));
    assertThat(problems(Stages.mkdir().path("relative", 0755, false, false)))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".stages[0].options.paths[0].path"));
  }

  @Test
  void anUnknownVariantIsRefusedWithTheChoices() {
    assertThatThrownBy(() -> Stages.mmdebstrap("bookworm").withVariant("tiny"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tiny")
        .hasMessageContaining("minbase");
  }

  @Test
  void aCopiedFileHasExactlyOneKindOfContent() {
    assertThatThrownBy(() -> new InlineFile("/x", "a", "YQ==", null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/x");
    assertThatThrownBy(() -> new InlineFile("/x", null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one");
  }

  @Test
  void aKernelCmdlineNeedsARootOrOptions() {
    assertThatThrownBy(() -> Stages.kernelCmdline(null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("org.osbuild.kernel-cmdline");
  }

  @Test
  void aMissingRequiredValueIsRefusedNamingIt() {
    assertThatThrownBy(() -> Stages.mmdebstrap(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("suite");
    assertThatThrownBy(() -> Stages.grub2(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("rootFsUuid");
    assertThatThrownBy(() -> Stages.apt("a", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("an item of packages is null");
    assertThatThrownBy(() -> Stages.systemd().withDefaultTarget(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("defaultTarget");
  }
}
