package org.osbuildj.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.pipelines.InputOrigin;
import org.osbuildj.core.pipelines.NamedPipeline;
import org.osbuildj.core.pipelines.PipelineGraph;
import org.osbuildj.core.pipelines.PipelineSource;
import org.osbuildj.core.pipelines.PipelineStage;
import org.osbuildj.core.pipelines.StageDevice;
import org.osbuildj.core.pipelines.StageInput;
import org.osbuildj.core.pipelines.StageMount;

class Format2ReaderTest {
  private static final String HELLO = "sha256:" + Sha256.hex("hello, osbuild\n");

  private static List<String> problems(String json) {
    return catchThrowableOfType(() -> ManifestV2.read(json), InvalidManifestException.class)
        .problems()
        .stream()
        .map(p -> p.path() + ": " + p.message())
        .toList();
  }

  private static String twoPipelines(String secondStage) {
    return """
        {"version": "2", "pipelines": [
          {"name": "build", "stages": [{"type": "org.osbuild.noop"}]},
          {"name": "os", "build": "name:build", "stages": [%s]}
        ]}
        """
        .formatted(secondStage);
  }

  @Test
  void theFluentBuilderMakesTheGraphTheReaderReads() {
    PipelineGraph inCode =
        PipelineGraph.builder()
            .pipeline(
                NamedPipeline.builder("build")
                    .runner("org.osbuild.debian12")
                    .stage(
                        PipelineStage.of(
                            "org.osbuild.noop",
                            Json.object()
                                .put("zeta", 1)
                                .set(
                                    "alpha",
                                    Json.mapper()
                                        .createArrayNode()
                                        .add(true)
                                        .add(false)
                                        .addNull())))
                    .build())
            .pipeline(
                NamedPipeline.builder("tree")
                    .build("build")
                    .runner("org.osbuild.debian12")
                    .stage(PipelineStage.builder("org.osbuild.noop").build())
                    .stage(
                        PipelineStage.builder("org.osbuild.noop")
                            .options(
                                (com.fasterxml.jackson.databind.node.ObjectNode)
                                    Json.object()
                                        .set(
                                            "paths",
                                            Json.mapper()
                                                .createArrayNode()
                                                .add(
                                                    Json.object()
                                                        .put("from", "input://tree/")
                                                        .put("to", "tree:///"))))
                            .input("tree", StageInput.tree("build"))
                            .input(
                                "files",
                                StageInput.builder("org.osbuild.noop", InputOrigin.SOURCE)
                                    .options(
                                        Json.object()
                                            .put("note", "input options are part of the input id"))
                                    .reference(
                                        HELLO,
                                        (com.fasterxml.jackson.databind.node.ObjectNode)
                                            Json.object()
                                                .set(
                                                    "metadata",
                                                    Json.object().put("rpm.check_gpg", true)))
                                    .build())
                            .build())
                    .build())
            .pipeline(
                NamedPipeline.builder("image")
                    .build("build")
                    .stage(
                        PipelineStage.builder("org.osbuild.noop")
                            .input("tree", StageInput.tree("tree"))
                            .input("second", StageInput.tree("build"))
                            .input(
                                "inline",
                                StageInput.builder("org.osbuild.files", InputOrigin.SOURCE)
                                    .reference(HELLO)
                                    .build())
                            .build())
                    .build())
            .source(
                PipelineSource.builder(PipelineSource.CURL)
                    .item(HELLO, TextNode.valueOf("https://example.org/hello.txt"))
                    .build())
            .source(
                PipelineSource.builder(PipelineSource.INLINE)
                    .item(
                        HELLO,
                        Json.object().put("encoding", "base64").put("data", "aGVsbG8sIG9zYnVpbGQK"))
                    .build())
            .build();

    PipelineGraph read = ManifestV2.read(Format2IdsTest.resource("inputs-with-options.json"));

    assertThat(inCode).isEqualTo(read);
    assertThat(Format2IdsTest.idLines(inCode)).isEqualTo(Format2IdsTest.idLines(read));
  }

  @Test
  void devicesAndMountsBuiltInCodeHaveOsbuildsIds() {
    PipelineStage stage =
        PipelineStage.builder("org.osbuild.noop")
            .device(
                "disk",
                StageDevice.of("org.osbuild.loopback", Json.object().put("filename", "disk.img")))
            .mount(
                StageMount.builder("root", "org.osbuild.ext4").source("disk").target("/").build())
            .build();
    PipelineGraph graph =
        PipelineGraph.builder()
            .pipeline(
                NamedPipeline.builder("image")
                    .stage(PipelineStage.of("org.osbuild.noop", Json.object().put("size", 1048576)))
                    .stage(
                        ManifestV2.read(Format2IdsTest.resource("devices-and-mounts.json"))
                            .pipelines()
                            .get(0)
                            .stages()
                            .get(1))
                    .stage(stage)
                    .build())
            .build();

    assertThat(Format2IdsTest.idLines(graph))
        .isEqualTo(Format2IdsTest.resource("devices-and-mounts.ids").lines().toList());
  }

  @Test
  void anUnknownKeyIsNamedByItsPath() {
    assertThat(
            problems(
                twoPipelines(
                    """
                    {"type": "org.osbuild.noop", "inputs": {"tree": {"type": "org.osbuild.tree",
                     "origin": "org.osbuild.pipeline", "references": ["name:build"], "typo": 1}}}
                    """)))
        .containsExactly(
            ".pipelines[1].stages[0].inputs.tree.typo: unknown key (an input has type, origin,"
                + " references and options)");
  }

  @Test
  void aWrongTypeIsNamedByItsPathWithWhatWasExpected() {
    assertThat(
            problems(
                twoPipelines(
                    """
                    {"type": "org.osbuild.noop", "inputs": {"tree": {"type": 7,
                     "origin": "org.osbuild.pipeline", "references": ["name:build"]}}}
                    """)))
        .containsExactly(
            ".pipelines[1].stages[0].inputs.tree.type: expected the input's type, such as"
                + " \"org.osbuild.tree\" (a string), got a number (7)");
  }

  @Test
  void aBuildOrInputNamingAPipelineThatIsMissingOrLaterIsRefused() {
    String json =
        """
        {"version": "2", "pipelines": [
          {"name": "first", "build": "name:second", "stages": [{"type": "org.osbuild.noop"}]},
          {"name": "second", "stages": [{"type": "org.osbuild.noop", "inputs": {
            "tree": {"type": "org.osbuild.tree", "origin": "org.osbuild.pipeline",
                     "references": {"name:nowhere": {}}},
            "self": {"type": "org.osbuild.tree", "origin": "org.osbuild.pipeline",
                     "references": ["name:second"]}}}]},
          {"name": "empty"},
          {"name": "third", "build": "name:empty", "stages": [{"type": "org.osbuild.noop"}]},
          {"name": "fourth", "build": "first", "stages": []}
        ]}
        """;
    assertThat(problems(json))
        .containsExactly(
            ".pipelines[4].build: expected \"name:<pipeline>\", the name of an earlier pipeline,"
                + " got 'first'");
    assertThat(problems(json.replace("\"build\": \"first\"", "\"build\": \"name:first\"")))
        .containsExactly(
            ".pipelines[0].build: the pipeline 'second' comes later (.pipelines[1]): only an"
                + " earlier pipeline can be named",
            ".pipelines[1].stages[0].inputs.tree.references: no pipeline named 'nowhere' (there"
                + " are [first, second])",
            ".pipelines[1].stages[0].inputs.self.references: names its own pipeline 'second':"
                + " only an earlier one can be named",
            ".pipelines[3].build: the pipeline 'empty' has no stages, so it has no tree to give");
  }

  @Test
  void anInputNamingAnItemNoSourceHasIsRefused() {
    assertThat(
            problems(
                twoPipelines(
                    """
                    {"type": "org.osbuild.noop", "inputs": {"files": {"type": "org.osbuild.files",
                     "origin": "org.osbuild.source", "references": ["%s"]}}}
                    """
                        .formatted(HELLO))))
        .containsExactly(
            ".pipelines[1].stages[0].inputs.files.references: no source has the item '"
                + HELLO
                + "' (the manifest has no sources)");
  }

  @Test
  void devicesAndMountsMustNameDevicesOfTheirStage() {
    assertThat(
            problems(
                twoPipelines(
                    """
                    {"type": "org.osbuild.noop",
                     "devices": {"lv": {"type": "org.osbuild.lvm2.lv", "parent": "missing"},
                                 "a": {"type": "org.osbuild.loopback", "parent": "b"},
                                 "b": {"type": "org.osbuild.loopback", "parent": "a"}},
                     "mounts": [{"name": "root", "type": "org.osbuild.ext4", "source": "nodisk"},
                                {"name": "root", "type": "org.osbuild.ext4", "source": "a"}]}
                    """)))
        .containsExactly(
            ".pipelines[1].stages[0].devices.lv.parent: no device named 'missing' in this stage's"
                + " devices",
            ".pipelines[1].stages[0].devices.a.parent: the devices' parents form a cycle through"
                + " it",
            ".pipelines[1].stages[0].devices.b.parent: the devices' parents form a cycle through"
                + " it",
            ".pipelines[1].stages[0].mounts[0].source: no device named 'nodisk' in this stage's"
                + " devices",
            ".pipelines[1].stages[0].mounts[1].name: the mount name 'root' is taken by an earlier"
                + " mount of the stage");
  }

  @Test
  void mountsAreAListAsInOsbuildsSchema() {
    assertThat(
            problems(
                twoPipelines(
                    """
                    {"type": "org.osbuild.noop", "mounts": {"root": {"type": "org.osbuild.ext4"}}}
                    """)))
        .containsExactly(
            ".pipelines[1].stages[0].mounts: expected an array of mounts [{\"name\": ...,"
                + " \"type\": ..., ...}], got an object (osbuild's format 2 lists mounts, it has"
                + " no object form)");
  }

  @Test
  void sourcesAreCheckedItemByItem() {
    assertThat(
            problems(
                """
                {"version": "2", "sources": {
                  "org.osbuild.curl": {"items": {
                    "sha256:%s": {"url": "ftp://example.org/x", "insecure": "yes"},
                    "md5:0123": "https://example.org/y"}},
                  "org.osbuild.inline": {"items": {"%s": {"encoding": "base64", "data": "b3RoZXIK"}}},
                  "org.osbuild.skopeo": {"items": {}}
                }}
                """
                    .formatted("0".repeat(64), HELLO)))
        .containsExactly(
            ".sources.org.osbuild.curl.items.sha256:"
                + "0".repeat(64)
                + ".insecure: expected true or false, got a string (\"yes\")",
            ".sources.org.osbuild.curl.items.sha256:"
                + "0".repeat(64)
                + ".url: expected an http, https or file URL (http://host/..., file:///dir/file),"
                + " got 'ftp://example.org/x'",
            ".sources.org.osbuild.curl.items.md5:0123: only sha256 checksums are supported"
                + " (sha256:<64 lower-case hex digits>), got 'md5:0123': osbuild also accepted md5,"
                + " sha1, sha384 and sha512, which are not implemented here",
            ".sources.org.osbuild.inline.items."
                + HELLO
                + ".data: the decoded data's checksum is sha256:"
                + Sha256.hex("other\n")
                + ", not the item's",
            ".sources.org.osbuild.skopeo: source type 'org.osbuild.skopeo' is not supported here:"
                + " only org.osbuild.curl (files fetched from URLs) and org.osbuild.inline (files"
                + " held in the manifest) are");
  }

  @Test
  void theVersionMustBeTheStringTwoAndTheTopHasOnlyItsFourKeys() {
    assertThat(problems("{\"version\": 2, \"pipeline\": {}}"))
        .containsExactly(
            ".pipeline: unknown key (a manifest of format 2 has version, pipelines, sources and"
                + " metadata)",
            ".version: expected \"2\" (a string), got a number (2)");
  }

  @Test
  void onlyAVersionTwoDocumentIsFormatTwo() {
    assertThat(ManifestV2.isFormat2("{\"version\": \"2\"}")).isTrue();
    assertThat(ManifestV2.isFormat2("{\"version\": 2}")).isFalse();
    assertThat(ManifestV2.isFormat2("{\"stages\": []}")).isFalse();
    assertThat(ManifestV2.isFormat2("not json")).isFalse();
  }

  @Test
  void aFormat2KeyWithoutVersion2SaysHowFormat2IsRead() {
    InvalidManifestException e =
        catchThrowableOfType(
            () -> Manifest.load("{\"pipelines\": []}"), InvalidManifestException.class);

    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            ".pipelines: unknown key (a pipeline has only name, build, base, stages and assembler;"
                + " 'pipelines' belongs to osbuild's manifest format version 2, read as such when"
                + " the manifest has \"version\": \"2\")");
  }

  @Test
  void theBuilderRefusesWhatTheReaderRefuses() {
    assertThatThrownBy(
            () ->
                PipelineGraph.builder()
                    .pipeline(NamedPipeline.builder("os").build("missing").build())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(".pipelines[0].build: no pipeline named 'missing' (there are [os])");
  }
}
