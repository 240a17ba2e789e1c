package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.StageHarness;

class HostnameStageTest {
  private static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000);

  @TempDir Path tree;

  private StageHarness hostname(String name) {
    return StageHarness.of(new HostnameStage()).options(Json.object().put("hostname", name));
  }

  @Test
  void writesTheHostnameAndANewlineToEtcHostnameInAnEmptyTree() throws Exception {
    hostname("demo").run(tree);

    assertThat(tree.resolve("etc/hostname")).hasContent("demo\n").isRegularFile();
    assertThat(Files.getAttribute(tree.resolve("etc/hostname"), "unix:mode")).isEqualTo(0100644);
    assertThat(Files.getAttribute(tree.resolve("etc"), "unix:mode")).isEqualTo(040755);
  }

  @Test
  void replacesAnExistingHostname() throws Exception {
    Files.createDirectory(tree.resolve("etc"));
    Files.writeString(tree.resolve("etc/hostname"), "localhost.localdomain-with-a-longer-name\n");

    hostname("web-1.example.org").run(tree);

    assertThat(Files.readString(tree.resolve("etc/hostname"))).isEqualTo("web-1.example.org\n");
  }

  @Test
  void writesThroughAnAbsoluteLinkInsideTheTreeOnly(@TempDir Path decoy) throws Exception {
    // The link aims at a sacrificial file: an escape overwrites it, never a file of the host.
    Path target = Files.writeString(decoy.resolve("hostname"), "decoy\n");
    Path inTree = tree.resolve(tree.getRoot().relativize(target));
    Files.createDirectories(tree.resolve("etc"));
    Files.createDirectories(inTree.getParent());
    Files.createSymbolicLink(tree.resolve("etc/hostname"), target);

    hostname("demo").run(tree);

    assertThat(inTree).hasContent("demo");
    assertThat(target).hasContent("decoy");
  }

  @Test
  void withSourceDateEpochTheFileAndTheDirectoriesItCreatedGetThatTime() throws Exception {
    hostname("demo").sourceDateEpoch(EPOCH).run(tree);

    assertThat(Files.getLastModifiedTime(tree.resolve("etc/hostname")).toInstant())
        .isEqualTo(EPOCH);
    assertThat(Files.getLastModifiedTime(tree.resolve("etc")).toInstant()).isEqualTo(EPOCH);
  }

  @Test
  void withoutSourceDateEpochTheFileHasTheCurrentTime() throws Exception {
    Instant before = Instant.now().minusSeconds(5);

    hostname("demo").run(tree);

    assertThat(
            Files.getLastModifiedTime(tree.resolve("etc/hostname"), LinkOption.NOFOLLOW_LINKS)
                .toInstant())
        .isAfter(before);
  }

  @Test
  void logsWhatItDid() throws Exception {
    assertThat(hostname("demo").run(tree)).containsExactly("hostname set to demo");
  }

  @Test
  void refusesToRunWithAHostnameItsSchemaRejects() {
    assertThatThrownBy(() -> hostname("not a hostname").run(tree))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".options.hostname");
    assertThat(tree).isEmptyDirectory();
  }
}
