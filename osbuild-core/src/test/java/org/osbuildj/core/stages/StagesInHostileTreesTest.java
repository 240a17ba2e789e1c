package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.StageHarness;
import org.osbuildj.core.testing.TreeFixtures.HostWatch;

/**
 * The stages on a tree whose {@code /etc} is a link to {@code /}: a stage that wrote through host
 * paths would create {@code /hostname}, {@code /locale.conf}, {@code /default} on the host; through
 * the tree they land in the tree's root.
 */
class StagesInHostileTreesTest {
  private static final List<String> HOST_PATHS_OF_AN_ESCAPE =
      List.of("/hostname", "/timezone", "/localtime", "/locale.conf", "/default");

  @TempDir Path tree;
  private HostWatch host;

  @BeforeEach
  void linkEtcToSlash() throws IOException {
    for (String path : HOST_PATHS_OF_AN_ESCAPE) {
      // Were one there already, an escape could not be told from it.
      assertThat(Path.of(path)).as("precondition: the host has no %s", path).doesNotExist();
    }
    Files.createSymbolicLink(tree.resolve("etc"), Path.of("/"));
    host = HostWatch.take();
  }

  @AfterEach
  void theHostIsUntouched() throws IOException {
    List<Path> escaped = new ArrayList<>();
    for (String path : HOST_PATHS_OF_AN_ESCAPE) {
      if (Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS)) {
        escaped.add(Path.of(path));
      }
    }
    // Undo an escape before failing, so that a broken build leaves the host as it found it.
    for (Path path : escaped) {
      try (Stream<Path> walk = Files.walk(path)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    assertThat(escaped).as("files a stage wrote on the host").isEmpty();
    host.assertUnchanged();
  }

  @Test
  void hostnameLandsInTheTreesRoot() throws Exception {
    StageHarness.of(new HostnameStage()).options(Json.object().put("hostname", "demo")).run(tree);

    assertThat(tree.resolve("hostname")).hasContent("demo");
  }

  @Test
  void timezoneLandsInTheTreesRoot() throws Exception {
    StageHarness.of(new TimezoneStage()).options(Json.object().put("zone", "UTC")).run(tree);

    assertThat(tree.resolve("localtime")).isSymbolicLink();
    assertThat(tree.resolve("timezone")).hasContent("UTC");
  }

  @Test
  void localeLandsInTheTreesRoot() throws Exception {
    StageHarness.of(new LocaleStage()).options(Json.object().put("language", "C.UTF-8")).run(tree);

    assertThat(tree.resolve("locale.conf")).hasContent("LANG=C.UTF-8");
    assertThat(tree.resolve("default/locale")).hasContent("LANG=C.UTF-8");
  }
}
