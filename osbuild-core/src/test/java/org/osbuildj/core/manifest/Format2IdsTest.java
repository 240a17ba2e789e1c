package org.osbuildj.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.pipelines.NamedPipeline;
import org.osbuildj.core.pipelines.PipelineGraph;

/**
 * The ids of format-2 manifests against those osbuild itself printed with {@code --inspect} for the
 * same manifests (see format2/README.md): every stage of every pipeline, and the whole text {@code
 * --inspect} printed, byte for byte.
 */
class Format2IdsTest {
  static final String DIR = "/org/osbuildj/core/manifest/format2/";

  /** The runner osbuild picked on the Debian 12 host the expected output was made on. */
  static final String HOST_RUNNER = "org.osbuild.debian";

  static Stream<String> handWritten() {
    return Stream.of(
        "build-chain",
        "devices-and-mounts",
        "inputs-with-options",
        "source-epoch-and-unicode",
        "tree-and-export",
        "skeleton-build-root");
  }

  static Stream<String> fromOsbuild() {
    return Stream.of(
        "osbuild/centos-stream-build",
        "osbuild/centos-stream-uki",
        "osbuild/fedora-boot",
        "osbuild/fedora-container",
        "osbuild/fedora-ostree-container-dev-null");
  }

  static Stream<String> all() {
    return Stream.concat(handWritten(), fromOsbuild());
  }

  static String resource(String name) {
    try (InputStream in = Format2IdsTest.class.getResourceAsStream(DIR + name)) {
      if (in == null) throw new IllegalStateException("no test resource " + DIR + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "pipeline index type id" for every stage of every pipeline, as the .ids files list them. */
  static List<String> idLines(PipelineGraph graph) {
    List<String> lines = new ArrayList<>();
    for (NamedPipeline pipeline : graph.pipelines()) {
      List<String> ids = graph.stageIds(pipeline.name());
      for (int i = 0; i < ids.size(); i++) {
        lines.add(
            pipeline.name() + " " + i + " " + pipeline.stages().get(i).type() + " " + ids.get(i));
      }
    }
    return lines;
  }

  @ParameterizedTest
  @MethodSource("all")
  void everyStageIdIsTheOneOsbuildComputes(String manifest) {
    PipelineGraph graph = ManifestV2.read(resource(manifest + ".json"));

    assertThat(idLines(graph))
        .containsExactlyElementsOf(resource(manifest + ".ids").lines().toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"devices-and-mounts", "inputs-with-options"})
  void theIdsOfInputsDevicesAndMountsAreTheOnesOsbuildComputes(String manifest) {
    PipelineGraph graph = ManifestV2.read(resource(manifest + ".json"));
    List<String> lines = new ArrayList<>();
    for (NamedPipeline pipeline : graph.pipelines()) {
      String name = pipeline.name();
      for (int i = 0; i < pipeline.stages().size(); i++) {
        String at = name + " " + i;
        graph
            .inputIds(name, i)
            .forEach((input, id) -> lines.add(at + " input " + input + " " + id));
        graph
            .deviceIds(name, i)
            .forEach((device, id) -> lines.add(at + " device " + device + " " + id));
        List<String> mounts = graph.mountIds(name, i);
        for (int m = 0; m < mounts.size(); m++) {
          lines.add(
              at
                  + " mount "
                  + pipeline.stages().get(i).mounts().get(m).name()
                  + " "
                  + mounts.get(m));
        }
      }
    }

    // osbuild's own objects' ids (Input, Device, Mount .id), listed in format2/README.md.
    assertThat(lines)
        .containsExactlyInAnyOrderElementsOf(resource(manifest + ".part-ids").lines().toList());
  }

  @ParameterizedTest
  @MethodSource("handWritten")
  void inspectPrintsWhatOsbuildPrintsByteForByte(String manifest) {
    PipelineGraph graph = ManifestV2.read(resource(manifest + ".json"));

    assertThat(ManifestV2.inspect(graph, HOST_RUNNER)).isEqualTo(resource(manifest + ".inspect"));
  }

  @ParameterizedTest
  @MethodSource("fromOsbuild")
  void inspectOfOsbuildsManifestsHasTheBytesOsbuildPrinted(String manifest) {
    PipelineGraph graph = ManifestV2.read(resource(manifest + ".json"));

    assertThat(Sha256.hex(ManifestV2.inspect(graph, HOST_RUNNER)))
        .isEqualTo(resource(manifest + ".inspect.sha256").strip());
  }

  @ParameterizedTest
  @MethodSource("all")
  void writingAndReadingBackGivesAnEqualGraphWithTheSameIds(String manifest) {
    PipelineGraph graph = ManifestV2.read(resource(manifest + ".json"));

    PipelineGraph again = ManifestV2.read(ManifestV2.write(graph));

    assertThat(again).isEqualTo(graph);
    assertThat(idLines(again)).isEqualTo(idLines(graph));
    assertThat(ManifestV2.write(again)).isEqualTo(ManifestV2.write(graph));
  }
}
