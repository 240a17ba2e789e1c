package org.osbuildj.core.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.executor.OptionsValidator;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.stages.Stages;

class AnsibleStageTest {
  private final OptionsValidator validator = new OptionsValidator();

  private List<Problem> problems(String options) throws Exception {
    return validator.validate(
        new AnsibleStage(),
        Options.of(
            (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(options)),
        ".stages[0].options");
  }

  @Test
  void aPlaybookGivenAsTextIsWrittenAsItIs() throws Exception {
    String yaml = "- hosts: all\n  tasks:\n    - ping:\n";

    assertThat(AnsibleStage.playbook(Stages.ansible(yaml).options())).isEqualTo(yaml);
  }

  @Test
  void aPlaybookGivenAsJsonIsWrittenAsJsonWhichAnsibleReadsAsYaml() throws Exception {
    var play = Json.object().put("hosts", "all");
    play.putArray("tasks").addObject().putNull("ping");
    var playbook = Json.mapper().createArrayNode().add(play);

    String written = AnsibleStage.playbook(Stages.ansible(playbook).options());

    assertThat(Json.mapper().readTree(written)).isEqualTo(playbook);
    assertThat(written).endsWith("\n");
  }

  @Test
  void thePlaybookIsRequiredAndIsTextOrAListOfPlays() throws Exception {
    assertThat(problems("{}"))
        .singleElement()
        .satisfies(p -> assertThat(p.toString()).contains("playbook"));
    assertThat(problems("{\"playbook\": {\"hosts\": \"all\"}}"))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".stages[0].options.playbook"));
    assertThat(problems("{\"playbook\": \"\"}"))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".stages[0].options.playbook"));
    assertThat(problems("{\"playbook\": [\"ping\"]}")).isNotEmpty();
    assertThat(problems("{\"playbook\": \"- hosts: all\\n\", \"inventory\": \"x\"}"))
        .singleElement()
        .satisfies(p -> assertThat(p.toString()).contains("inventory"));
  }

  @Test
  void theStageNeedsTheNetworkMountsInTheTreeAndNamesTheDebianPackageWithTheChrootConnection() {
    AnsibleStage stage = new AnsibleStage();
    Options options = Stages.ansible("- hosts: all\n").options();

    assertThat(stage.needsNetwork(options)).isTrue();
    assertThat(stage.capabilities(options))
        .containsExactly(org.osbuildj.core.isolation.Capability.SYS_ADMIN);
    assertThat(stage.requiredTools(options))
        .extracting(t -> t.debianPackage())
        .containsExactly("ansible", "ansible", "coreutils", "mount");
  }
}
