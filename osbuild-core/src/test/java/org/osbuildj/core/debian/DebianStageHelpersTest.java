package org.osbuildj.core.debian;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.core.stages.options.MmdebstrapOptions;

/** The typed helpers of the Debian stages, beside what their stages read. */
class DebianStageHelpersTest {

  @Test
  void theVariantsAreExactlyThoseTheSchemaAllows() throws Exception {
    JsonNode schema = Json.mapper().readTree(new MmdebstrapStage().optionsSchema().orElseThrow());
    List<String> allowed = new ArrayList<>();
    schema.at("/properties/variant/enum").forEach(value -> allowed.add(value.asText()));

    assertThat(
            Arrays.stream(MmdebstrapOptions.Variant.values())
                .map(MmdebstrapOptions.Variant::optionValue))
        .containsExactlyElementsOf(allowed);
  }

  @Test
  void aVariantByNameAndByEnumMakeTheSameStage() {
    assertThat(Stages.mmdebstrap("bookworm").withVariant("minbase"))
        .isEqualTo(Stages.mmdebstrap("bookworm").withVariant(MmdebstrapOptions.Variant.MINBASE));
  }

  @Test
  void theMmdebstrapCommandLineIsMadeFromTheHelpersOptions() {
    Stage stage =
        Stages.mmdebstrap("bookworm")
            .withVariant("minbase")
            .withComponents("main", "contrib")
            .withInclude("udev")
            .addInclude("e2fsprogs")
            .withArchitecture("arm64")
            .withAptopt("A \"1\"")
            .withDpkgopt("force-unsafe-io")
            .withKeyring("/etc/apt/trusted.gpg.d")
            .toStage();

    List<String> argv =
        MmdebstrapStage.arguments(stage.options(), "/run/osbuild/tree", "http://m/debian");

    assertThat(argv.subList(0, 10))
        .containsExactly(
            "mmdebstrap",
            "--mode=root",
            "--verbose",
            "--variant=minbase",
            "--components=main,contrib",
            "--include=udev,e2fsprogs",
            "--architectures=arm64",
            "--aptopt=A \"1\"",
            "--dpkgopt=force-unsafe-io",
            "--keyring=/etc/apt/trusted.gpg.d");
    assertThat(argv.subList(argv.size() - 3, argv.size()))
        .containsExactly("bookworm", "/run/osbuild/tree", "http://m/debian");
  }

  @Test
  void aptWithNoPackagesLeavesThePackagesOut() {
    assertThat(Stages.apt().toStage().options().canonical()).isEqualTo("{}");
    assertThat(Stages.apt().withPackages().toStage().options().canonical())
        .isEqualTo("{\"packages\":[]}");
    assertThat(Stages.apt("vim").withRemove("nano").toStage().options().canonical())
        .isEqualTo("{\"packages\":[\"vim\"],\"remove\":[\"nano\"]}");
  }
}
