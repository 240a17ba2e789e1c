package org.osbuildj.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.core.pipeline.Pipeline;

/**
 * The osbuild seed's own sample manifests and its README's example (test resources {@code seed/},
 * copied unchanged from osbuild at commit 9371eb9): each reads with its informational name, and
 * {@code --inspect} passes where every stage exists here, or names exactly what is missing.
 */
class SeedManifestsTest {
  @TempDir Path dir;

  private static Path seed(String file) throws URISyntaxException {
    return Path.of(SeedManifestsTest.class.getResource("/seed/" + file).toURI());
  }

  @ParameterizedTest
  @CsvSource({
    "noop.json, noop",
    "base.json, base",
    "base-qcow2.json, base-qcow2",
    "base-with-grub2.json, base-with-grub2",
    "base-with-locale.json, base-with-locale",
    "base-with-selinux.json, base-with-selinux",
    "base-from-yum.json, base",
    "build-from-yum.json, build-from-yum",
    "readme-example.json, Example Image"
  })
  void eachSeedManifestReadsWithItsNameWhichIsPartOfNoId(String file, String name)
      throws Exception {
    Pipeline read = Manifest.read(seed(file));

    assertThat(read.name()).contains(name);
    Pipeline unnamed = read.toBuilder().name(null).build();
    assertThat(unnamed.stageIds()).isEqualTo(read.stageIds());
    assertThat(unnamed.assemblerId()).isEqualTo(read.assemblerId());
    assertThat(Manifest.read(Manifest.write(read))).isEqualTo(read);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "noop.json | 0 | ",
        "base-with-locale.json | 0 | ",
        "base-with-grub2.json | 0 | ",
        "base.json | 0 | ",
        "base-with-selinux.json | 0 | ",
        "base-from-yum.json | 0 | ",
        "build-from-yum.json | 0 | ",
        "base-qcow2.json | 0 | ",
        "readme-example.json | 2 | .assembler.name"
      })
  void inspectPassesWhereEveryStageExistsAndOtherwiseNamesWhatIsMissing(
      String file, int status, String paths) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            "--inspect",
            "--json",
            "--store",
            dir.resolve("store").toString(),
            seed(file).toString());
    String stderr = err.toString(StandardCharsets.UTF_8);

    assertThat(exit).as(stderr).isEqualTo(status);
    if (status == 0) {
      JsonNode printed = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8));
      assertThat(printed.get("name").asText()).isEqualTo(Manifest.read(seed(file)).name().get());
      assertThat(printed.get("stages").findValuesAsText("id"))
          .isEqualTo(Manifest.read(seed(file)).stageIds());
    } else {
      for (String path : List.of(paths.trim().split(" "))) {
        assertThat(stderr).as(file).contains(path);
      }
    }
    assertThat(dir.resolve("store")).doesNotExist();
  }
}
