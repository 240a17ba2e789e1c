package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.StageHarness;

class TimezoneStageTest {
  private static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000);

  @TempDir Path tree;

  private StageHarness timezone(String zone) {
    return StageHarness.of(new TimezoneStage()).options(Json.object().put("zone", zone));
  }

  private void installZone(String zone) throws Exception {
    Path file = tree.resolve("usr/share/zoneinfo").resolve(zone);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "TZif " + zone);
  }

  @Test
  void linksEtcLocaltimeRelativelyToTheZoneAndNamesItInEtcTimezone() throws Exception {
    installZone("Europe/Berlin");

    timezone("Europe/Berlin").run(tree);

    assertThat(Files.readSymbolicLink(tree.resolve("etc/localtime")))
        .hasToString("../usr/share/zoneinfo/Europe/Berlin");
    assertThat(tree.resolve("etc/localtime")).hasContent("TZif Europe/Berlin");
    assertThat(Files.readString(tree.resolve("etc/timezone"))).isEqualTo("Europe/Berlin\n");
  }

  @Test
  void replacesAnExistingLocaltimeFileOrLink() throws Exception {
    installZone("UTC");
    Files.createDirectories(tree.resolve("etc"));
    Files.writeString(tree.resolve("etc/localtime"), "a copied zone file");
    timezone("UTC").run(tree);
    installZone("America/Argentina/Buenos_Aires");

    timezone("America/Argentina/Buenos_Aires").run(tree);

    assertThat(Files.readSymbolicLink(tree.resolve("etc/localtime")))
        .hasToString("../usr/share/zoneinfo/America/Argentina/Buenos_Aires");
    assertThat(Files.readString(tree.resolve("etc/timezone")))
        .isEqualTo("America/Argentina/Buenos_Aires\n");
  }

  @Test
  void aZoneMissingFromTheTreeIsStillSetButLogged() throws Exception {
    var log = timezone("Etc/GMT+5").run(tree);

    assertThat(Files.readSymbolicLink(tree.resolve("etc/localtime")))
        .hasToString("../usr/share/zoneinfo/Etc/GMT+5");
    assertThat(log)
        .anySatisfy(
            line ->
                assertThat(line).startsWith("warning:").contains("/usr/share/zoneinfo/Etc/GMT+5"));
  }

  @Test
  void withSourceDateEpochTheLinkItselfGetsThatTime() throws Exception {
    installZone("UTC");

    timezone("UTC").sourceDateEpoch(EPOCH).run(tree);

    assertThat(
            Files.getLastModifiedTime(tree.resolve("etc/localtime"), LinkOption.NOFOLLOW_LINKS)
                .toInstant())
        .isEqualTo(EPOCH);
    assertThat(Files.getLastModifiedTime(tree.resolve("etc/timezone")).toInstant())
        .isEqualTo(EPOCH);
    assertThat(Files.getLastModifiedTime(tree.resolve("usr/share/zoneinfo/UTC")).toInstant())
        .as("the zone file the link points to is not the stage's")
        .isNotEqualTo(EPOCH);
  }
}
