package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osbuildj.core.executor.OptionsValidator;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.StepImplementation;

/** The stages' options schemas, as a manifest's author meets them: through problems with paths. */
class StageSchemasTest {
  private static final String OPTIONS = ".stages[0].options";
  private final OptionsValidator validator = new OptionsValidator();

  private List<Problem> problems(StepImplementation stage, ObjectNode options) {
    return validator.validate(stage, Options.of(options), OPTIONS);
  }

  private List<Problem> hostname(String value) {
    return problems(new HostnameStage(), Json.object().put("hostname", value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "web-1", "a", "host.example.org", "x0.y-z.COM", "123"})
  void validHostnamesAreAccepted(String hostname) {
    assertThat(hostname(hostname)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not a hostname",
        "-lead",
        "trail-",
        "a..b",
        ".a",
        "a.",
        "under_score",
        "../../etc/passwd",
        "demo\n",
        "demo\nevil",
        "ünïcode",
        "a-label-of-sixty-four-characters-is-one-more-than-rfc-1123-allows.org"
      })
  void badHostnamesAreProblemsAtTheHostnamePath(String hostname) {
    assertThat(hostname(hostname))
        .isNotEmpty()
        .allSatisfy(problem -> assertThat(problem.path()).isEqualTo(".stages[0].options.hostname"));
  }

  @Test
  void aHostnameLongerThanTheKernelAllowsIsAProblem() {
    assertThat(hostname("a".repeat(61) + ".org")).isNotEmpty();
    assertThat(hostname("a".repeat(60) + ".de")).isEmpty();
  }

  @Test
  void aHostnameOfTheWrongTypeIsAProblemNamingTheType() {
    List<Problem> problems = problems(new HostnameStage(), Json.object().put("hostname", 42));

    assertThat(problems)
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.path()).isEqualTo(".stages[0].options.hostname");
              assertThat(problem.message()).contains("string");
            });
  }

  @Test
  void anUnknownOptionIsAProblemNamingIt() {
    List<Problem> problems =
        problems(
            new HostnameStage(),
            Json.object().put("hostname", "demo").put("domain", "example.org"));

    assertThat(problems)
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.path()).startsWith(OPTIONS);
              assertThat(problem.toString()).contains("domain");
            });
  }

  @Test
  void aMissingRequiredOptionIsAProblemNamingIt() {
    assertThat(problems(new TimezoneStage(), Json.object()))
        .singleElement()
        .satisfies(problem -> assertThat(problem.message()).contains("zone"));
    assertThat(problems(new LocaleStage(), Json.object()))
        .singleElement()
        .satisfies(problem -> assertThat(problem.message()).contains("language"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "UTC",
        "Europe/Berlin",
        "America/Argentina/Buenos_Aires",
        "Etc/GMT+5",
        "Etc/GMT-14",
        "America/Port-au-Prince"
      })
  void realZonesAreAccepted(String zone) {
    assertThat(problems(new TimezoneStage(), Json.object().put("zone", zone))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/Europe/Berlin",
        "../../etc/passwd",
        "Europe/../../etc",
        "Europe//Berlin",
        "Europe/Berlin/",
        "UTC\n",
        "Europe/Berlin Time",
        "."
      })
  void zonesThatAreNotPlainRelativeNamesAreProblems(String zone) {
    assertThat(problems(new TimezoneStage(), Json.object().put("zone", zone)))
        .isNotEmpty()
        .allSatisfy(problem -> assertThat(problem.path()).isEqualTo(".stages[0].options.zone"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"en_US.UTF-8", "C.UTF-8", "POSIX", "de_DE@euro", "sr_RS.UTF-8@latin"})
  void localeNamesAreAccepted(String language) {
    assertThat(problems(new LocaleStage(), Json.object().put("language", language))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "en_US.UTF-8\nLC_ALL=C",
        "en US",
        "\"en_US\"",
        "en_US;reboot",
        "en_US.UTF-8\n"
      })
  void localeNamesThatCouldBreakTheFileAreProblems(String language) {
    assertThat(problems(new LocaleStage(), Json.object().put("language", language)))
        .isNotEmpty()
        .allSatisfy(problem -> assertThat(problem.path()).isEqualTo(".stages[0].options.language"));
  }

  @Test
  void noopAcceptsAnyOptionsObject() {
    assertThat(problems(new NoopStage(), Json.object().put("x", 1).set("y", Json.object())))
        .isEmpty();
  }
}
