package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.StageHarness;
import org.osbuildj.core.testing.TreeFixtures;

/**
 * The stages on a tree whose {@code /etc} is an absolute link to a host directory: a stage that
 * wrote through host paths would overwrite that directory's {@code hostname}, {@code locale.conf},
 * {@code default/locale}; through the tree they land at that path inside the tree.
 *
 * <p>Safety: the host directory is a decoy beside the tree in a fresh temporary directory, holding
 * marker files of the names the stages write, so that an escape fails the test (the decoy changed)
 * and never touches the machine's own {@code /etc}.
 */
class StagesInHostileTreesTest {
  @TempDir Path base;
  private Path tree;
  private Path decoy;
  private Path etcInTree;
  private Map<String, String> decoyBefore;

  @BeforeEach
  void linkEtcToADecoy() throws IOException {
    tree = Files.createDirectory(base.resolve("tree"));
    decoy = Files.createDirectory(base.resolve("decoy"));
    for (String name : new String[] {"hostname", "timezone", "localtime", "locale.conf"}) {
      Files.writeString(decoy.resolve(name), "decoy " + name + "\n");
    }
    Files.createDirectory(decoy.resolve("default"));
    Files.writeString(decoy.resolve("default/locale"), "decoy locale\n");
    Files.createSymbolicLink(tree.resolve("etc"), decoy);
    etcInTree = tree.resolve(tree.getRoot().relativize(decoy));
    decoyBefore = TreeFixtures.snapshot(decoy);
  }

  @AfterEach
  void theDecoyIsUntouched() throws IOException {
    assertThat(TreeFixtures.snapshot(decoy)).as("the decoy /etc links to").isEqualTo(decoyBefore);
    try (Stream<Path> names = Files.list(base)) {
      assertThat(names.map(p -> p.getFileName().toString()).sorted())
          .as("the directory holding the tree and the decoy")
          .containsExactly("decoy", "tree");
    }
  }

  @Test
  void hostnameLandsInTheTreeAtTheLinksTarget() throws Exception {
    StageHarness.of(new HostnameStage()).options(Json.object().put("hostname", "demo")).run(tree);

    assertThat(etcInTree.resolve("hostname")).hasContent("demo");
  }

  @Test
  void timezoneLandsInTheTreeAtTheLinksTarget() throws Exception {
    StageHarness.of(new TimezoneStage()).options(Json.object().put("zone", "UTC")).run(tree);

    assertThat(etcInTree.resolve("localtime")).isSymbolicLink();
    assertThat(etcInTree.resolve("timezone")).hasContent("UTC");
  }

  @Test
  void localeLandsInTheTreeAtTheLinksTarget() throws Exception {
    StageHarness.of(new LocaleStage()).options(Json.object().put("language", "C.UTF-8")).run(tree);

    assertThat(etcInTree.resolve("locale.conf")).hasContent("LANG=C.UTF-8");
    assertThat(etcInTree.resolve("default/locale")).hasContent("LANG=C.UTF-8");
  }
}
