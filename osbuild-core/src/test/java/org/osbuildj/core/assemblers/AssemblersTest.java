package org.osbuildj.core.assemblers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.executor.OptionsValidator;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.Options;

class AssemblersTest {
  private final OptionsValidator validator = new OptionsValidator();

  private List<Problem> tarProblems(ObjectNode options) {
    return validator.validate(new TarAssembler(), Options.of(options), ".assembler.options");
  }

  @Test
  void typedAssemblersEqualTheSameAssemblersBuiltByName() {
    assertThat(Assemblers.noop()).isEqualTo(Assembler.of("org.osbuild.noop"));
    assertThat(Assemblers.tar("root.tar").toAssembler())
        .isEqualTo(Assembler.of("org.osbuild.tar", Json.object().put("filename", "root.tar")));
    assertThat(Assemblers.tar("root.tar.gz").compression("gzip").toAssembler())
        .isEqualTo(
            Assembler.of(
                "org.osbuild.tar",
                Json.object().put("filename", "root.tar.gz").put("compression", "gzip")));
  }

  @Test
  void compressionByEnumOrByNameGivesTheSameAssembler() {
    assertThat(Assemblers.tar("r.tar.xz").compression(TarCompression.XZ))
        .isEqualTo(Assemblers.tar("r.tar.xz").compression("xz"));
    assertThat(Assemblers.tar("r.tar").compression(TarCompression.NONE).toAssembler())
        .isEqualTo(Assemblers.tar("r.tar").toAssembler());
  }

  @Test
  void theTarBuilderIsImmutable() {
    Assemblers.Tar plain = Assemblers.tar("root.tar");

    Assemblers.Tar zstd = plain.compression(TarCompression.ZSTD);

    assertThat(plain.compression()).isEqualTo(TarCompression.NONE);
    assertThat(zstd.compression()).isEqualTo(TarCompression.ZSTD);
  }

  @Test
  void anUnknownCompressionNameIsRefusedWithTheChoices() {
    assertThatThrownBy(() -> Assemblers.tar("r.tar").compression("compress"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'compress'")
        .hasMessageContaining("none, gzip, xz, zstd, bzip2, lzip, lzma, lzop");
  }

  @Test
  void theSeedsLzopIsAcceptedByTheSchemaTheBuilderAndItsName() {
    assertThat(TarCompression.fromOptionValue("lzop")).isEqualTo(TarCompression.LZOP);
    assertThat(Assemblers.tar("r.tar.lzo").compression("lzop").toAssembler())
        .isEqualTo(
            Assembler.of(
                "org.osbuild.tar",
                Json.object().put("filename", "r.tar.lzo").put("compression", "lzop")));
    assertThat(tarProblems(Json.object().put("filename", "r.tar.lzo").put("compression", "lzop")))
        .isEmpty();
    assertThat(
            new TarAssembler().requiredTools(Options.of(Json.object().put("compression", "lzop"))))
        .extracting(org.osbuildj.core.host.HostTool::program)
        .contains("tar", "lzop", "touch", "chmod");
  }

  @Test
  void lzopIsNoCompressProgramForTarButCompressesTheFinishedArchive() {
    assertThat(TarCompression.LZOP.compressesAFile()).isTrue();
    assertThat(TarCompression.LZOP.compressProgram()).isEmpty();
    assertThat(
            TarAssembler.arguments(
                "/t", "/o/.osbuild-tar/archive.tar", TarCompression.LZOP, Optional.empty()))
        .noneMatch(arg -> arg.startsWith("--use-compress-program"));
    for (TarCompression other : TarCompression.values()) {
      if (other != TarCompression.LZOP) {
        assertThat(other.compressesAFile()).as(other.name()).isFalse();
      }
    }

    List<String> argv =
        TarAssembler.compressFileArguments(
            TarCompression.LZOP, "/o/.osbuild-tar/archive.tar", "/o/r.tar.lzo", 1_700_000_000L);

    assertThat(argv).startsWith("sh", "-c").endsWith("lzop", "-c", "-n", "-3");
    assertThat(argv.get(2))
        .contains("touch -d \"@$1\"")
        .contains("chmod 0644")
        .contains("< \"$in\" > \"$out\"");
    assertThat(argv.subList(3, 7))
        .containsExactly(
            "compress-archive", "1700000000", "/o/.osbuild-tar/archive.tar", "/o/r.tar.lzo");
  }

  @Test
  void everyCompressionTheSchemaAllowsHasAnEnumValue() {
    for (TarCompression compression : TarCompression.values()) {
      assertThat(
              tarProblems(
                  Json.object().put("filename", "r").put("compression", compression.optionValue())))
          .as(compression.name())
          .isEmpty();
    }
    assertThat(tarProblems(Json.object().put("filename", "r").put("compression", "compress")))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo(".assembler.options.compression"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"root.tar", "root.tar.gz", "image_v1.2+x-y.tar.zst", "_"})
  void plainFileNamesAreAccepted(String filename) {
    assertThat(tarProblems(Json.object().put("filename", filename))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "../root.tar",
        "out/root.tar",
        "/tmp/root.tar",
        ".hidden",
        "-rf",
        "root.tar\n",
        "root tar"
      })
  void fileNamesThatAreNotPlainNamesAreProblemsAtTheFilenamePath(String filename) {
    assertThat(tarProblems(Json.object().put("filename", filename)))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.path()).isEqualTo(".assembler.options.filename"));
  }

  @Test
  void aMissingFilenameOrAnUnknownOptionIsAProblem() {
    assertThat(tarProblems(Json.object()))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("filename"));
    assertThat(tarProblems(Json.object().put("filename", "r.tar").put("root-node", "omit")))
        .singleElement()
        .satisfies(p -> assertThat(p.toString()).contains("root-node"));
  }

  @Test
  void everyBuiltInAssemblerIsFoundOnTheClassPathUnderItsName() {
    StageCatalog catalog = StageCatalog.fromClassPath();

    assertThat(catalog.nativeAssemblerNames()).contains("org.osbuild.noop", "org.osbuild.tar");
    assertThat(catalog.assembler("org.osbuild.tar")).get().isInstanceOf(TarAssembler.class);
    assertThat(catalog.assembler("org.osbuild.noop")).get().isInstanceOf(NoopAssembler.class);
  }
}
